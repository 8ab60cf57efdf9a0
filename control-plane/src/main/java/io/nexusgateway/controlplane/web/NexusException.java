package io.nexusgateway.controlplane.web;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/** A domain error the API renders as a problem of {@link #problemType()}; feature exceptions extend it with named factories. */
public class NexusException extends RuntimeException {
    private final ProblemType problemType;
    private final Map<String, Object> properties;

    public NexusException(ProblemType problemType, String detail) {
        this(problemType, detail, Map.of());
    }

    public NexusException(ProblemType problemType, String detail, Map<String, Object> properties) {
        super(detail);
        this.problemType = requireNonNull(problemType, "problemType is null");
        this.properties = Map.copyOf(properties);
    }

    public ProblemType problemType() {
        return problemType;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}

package io.nexusgateway.engines;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the control plane stores to find a job on its engine again, also after a restart.
 *
 * @param adapter the {@link EngineAdapter#name()} that submitted it
 * @param engineJobId the engine's own id, shown to users (Livy's batch id, Trino's query id, Flink's job id)
 * @param attributes whatever else the adapter needs later (Flink's session and operation handles, Spark's
 *     application id), never a secret; sorted
 * @param uiUrl the engine's page for the job, if it has one
 */
public record EngineHandle(String adapter, String engineJobId, Map<String, String> attributes, Optional<String> uiUrl) {
    public EngineHandle {
        requireNonNull(adapter, "adapter is null");
        requireNonNull(engineJobId, "engineJobId is null");
        attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
        requireNonNull(uiUrl, "uiUrl is null");
    }

    public EngineHandle(String adapter, String engineJobId) {
        this(adapter, engineJobId, Map.of(), Optional.empty());
    }

    /** The attribute {@code name}. */
    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** This handle with {@code name} set to {@code value}. */
    public EngineHandle withAttribute(String name, String value) {
        Map<String, String> copy = new TreeMap<>(attributes);
        copy.put(name, value);
        return new EngineHandle(adapter, engineJobId, copy, uiUrl);
    }
}

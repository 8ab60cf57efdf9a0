package io.nexusgateway.engines;

import static java.util.Objects.requireNonNull;

/** An engine could not do what was asked; the message is the engine's, with no secret in it. */
public final class EngineException extends RuntimeException {
    private final Kind kind;

    public EngineException(Kind kind, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public EngineException(Kind kind, String message) {
        super(requireNonNull(message, "message is null"));
        this.kind = requireNonNull(kind, "kind is null");
    }

    public Kind kind() {
        return kind;
    }

    public enum Kind {
        /** The engine cannot be reached or answered 5xx: try again later. */
        UNAVAILABLE,
        /** The engine refused the job (bad SQL, a missing table): trying again will not help. */
        REJECTED
    }
}

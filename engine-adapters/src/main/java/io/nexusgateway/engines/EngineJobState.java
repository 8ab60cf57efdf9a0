package io.nexusgateway.engines;

/** A job's state as its engine reports it. */
public enum EngineJobState {
    /** Accepted, waiting for resources (Livy starting, Trino queued). */
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /** The engine no longer knows the job (its record expired, the engine was reset). */
    LOST;

    public boolean isTerminal() {
        return switch (this) {
            case QUEUED, RUNNING -> false;
            case SUCCEEDED, FAILED, CANCELLED, LOST -> true;
        };
    }
}

package io.nexusgateway.controlplane.job;

import io.nexusgateway.engines.EngineJobState;

/** A job's state; it moves only along {@link #canMoveTo}. */
public enum JobState {
    /** Accepted and stored; not yet on its engine (or the engine's answer is not stored yet). */
    SUBMITTED,
    /** On its engine, waiting for resources. */
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isTerminal() {
        return switch (this) {
            case SUBMITTED, QUEUED, RUNNING -> false;
            case SUCCEEDED, FAILED, CANCELLED -> true;
        };
    }

    /** Whether a job in this state may move to {@code next}; staying is not a move. */
    public boolean canMoveTo(JobState next) {
        return switch (this) {
            case SUBMITTED -> next != SUBMITTED;
            case QUEUED -> next == RUNNING || next.isTerminal();
            case RUNNING -> next.isTerminal();
            case SUCCEEDED, FAILED, CANCELLED -> false;
        };
    }

    /** The state a job is in when its engine reports {@code state}. */
    static JobState of(EngineJobState state) {
        return switch (state) {
            case QUEUED -> QUEUED;
            case RUNNING -> RUNNING;
            case SUCCEEDED -> SUCCEEDED;
            case FAILED, LOST -> FAILED;
            case CANCELLED -> CANCELLED;
        };
    }
}

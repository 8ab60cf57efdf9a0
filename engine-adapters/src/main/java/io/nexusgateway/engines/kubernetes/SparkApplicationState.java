package io.nexusgateway.engines.kubernetes;

import io.nexusgateway.engines.EngineJobState;
import org.jspecify.annotations.Nullable;

/**
 * {@code .status.applicationState.state} of a {@code SparkApplication} as the Spark Operator writes it
 * (ApplicationStateType in kubeflow/spark-operator api/v1beta2/sparkapplication_types.go).
 */
enum SparkApplicationState {
    /** Created, not yet seen by the operator: the state is the empty string. */
    NEW(""),
    SUBMITTED("SUBMITTED"),
    RUNNING("RUNNING"),
    COMPLETED("COMPLETED"),
    FAILED("FAILED"),
    SUBMISSION_FAILED("SUBMISSION_FAILED"),
    PENDING_RERUN("PENDING_RERUN"),
    INVALIDATING("INVALIDATING"),
    SUCCEEDING("SUCCEEDING"),
    FAILING("FAILING"),
    UNKNOWN("UNKNOWN");

    private final String wireName;

    SparkApplicationState(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    /** The state the operator wrote; a state this adapter does not know (a newer operator) is {@link #UNKNOWN}. */
    static SparkApplicationState fromWire(@Nullable String wireName) {
        String name = wireName == null ? "" : wireName;
        for (SparkApplicationState state : values()) {
            if (state.wireName.equals(name)) {
                return state;
            }
        }
        return UNKNOWN;
    }

    /**
     * Ours. SUCCEEDING and FAILING are the driver's end while the operator still decides about a rerun, so not yet
     * terminal; UNKNOWN is the operator losing sight of the driver pod (a node gone), which it may regain.
     */
    EngineJobState jobState() {
        return switch (this) {
            case NEW, SUBMITTED, PENDING_RERUN, INVALIDATING -> EngineJobState.QUEUED;
            case RUNNING, SUCCEEDING, FAILING, UNKNOWN -> EngineJobState.RUNNING;
            case COMPLETED -> EngineJobState.SUCCEEDED;
            case FAILED, SUBMISSION_FAILED -> EngineJobState.FAILED;
        };
    }
}

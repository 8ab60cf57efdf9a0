package io.nexusgateway.engines.kubernetes;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code .status.jobStatus.state} as the Flink Operator writes it: Flink's own {@code
 * org.apache.flink.api.common.JobStatus}.
 */
enum FlinkJobStatus {
    INITIALIZING,
    CREATED,
    RUNNING,
    FAILING,
    FAILED,
    CANCELLING,
    CANCELED,
    FINISHED,
    RESTARTING,
    SUSPENDED,
    RECONCILING;

    /** Empty where the job has no state yet, or one this adapter does not know (a newer Flink). */
    static Optional<FlinkJobStatus> fromWire(@Nullable String wireName) {
        if (wireName == null) {
            return Optional.empty();
        }
        for (FlinkJobStatus status : values()) {
            if (status.name().equals(wireName)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}

package io.nexusgateway.engines.flink;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A Flink job's state, Flink's own {@code org.apache.flink.api.common.JobStatus}: as the cluster's REST API shows it
 * ({@code GET /jobs/<id>}) and the Flink Operator writes it ({@code .status.jobStatus.state}).
 */
public enum FlinkJobStatus {
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
    public static Optional<FlinkJobStatus> fromWire(@Nullable String wireName) {
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

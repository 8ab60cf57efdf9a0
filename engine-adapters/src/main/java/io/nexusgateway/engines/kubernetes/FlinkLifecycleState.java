package io.nexusgateway.engines.kubernetes;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code .status.lifecycleState} as the Flink Operator writes it (ResourceLifecycleState): what the operator did
 * with the resource, beside the job's own state.
 */
enum FlinkLifecycleState {
    CREATED,
    SUSPENDED,
    UPGRADING,
    DEPLOYED,
    STABLE,
    ROLLING_BACK,
    ROLLED_BACK,
    FAILED,
    DELETING,
    DELETED;

    static Optional<FlinkLifecycleState> fromWire(@Nullable String wireName) {
        if (wireName == null) {
            return Optional.empty();
        }
        for (FlinkLifecycleState state : values()) {
            if (state.name().equals(wireName)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}

package io.nexusgateway.engines;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A job's status as its engine reports it.
 *
 * @param progressPercent 0 to 100, where the engine reports progress
 * @param rows rows written (or read, where the engine counts only those), where reported
 * @param bytes bytes read, where reported
 * @param message the engine's error message when {@link EngineJobState#FAILED} or {@link EngineJobState#LOST}, with
 *     no secret in it
 * @param handle the handle with what the engine assigned since submission (an application id, a job id, a UI link),
 *     or the handle as it was
 */
public record EngineStatus(
        EngineJobState state,
        OptionalDouble progressPercent,
        OptionalLong rows,
        OptionalLong bytes,
        Optional<String> message,
        EngineHandle handle) {
    public EngineStatus {
        requireNonNull(state, "state is null");
        requireNonNull(progressPercent, "progressPercent is null");
        requireNonNull(rows, "rows is null");
        requireNonNull(bytes, "bytes is null");
        requireNonNull(message, "message is null");
        requireNonNull(handle, "handle is null");
    }

    /** A status with nothing reported but the state. */
    public static EngineStatus of(EngineJobState state, EngineHandle handle) {
        return new EngineStatus(
                state, OptionalDouble.empty(), OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), handle);
    }

    /** A failed (or lost) status with the engine's message. */
    public static EngineStatus failed(EngineJobState state, EngineHandle handle, String message) {
        return new EngineStatus(
                state,
                OptionalDouble.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                Optional.of(message),
                handle);
    }
}

package io.nexusgateway.engines;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Polls an adapter's status of a job until a condition holds, with a deadline. */
public final class AwaitStatus {
    private AwaitStatus() {}

    /** The first status that satisfies {@code condition}; fails with the job's log after {@code timeout}. */
    public static EngineStatus until(
            EngineAdapter adapter, EngineHandle handle, Duration timeout, Predicate<EngineStatus> condition) {
        Instant deadline = Instant.now().plus(timeout);
        EngineStatus status = adapter.status(handle);
        while (!condition.test(status)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job still " + status + "; log " + adapter.logs(handle, 50));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            status = adapter.status(handle);
        }
        return status;
    }
}

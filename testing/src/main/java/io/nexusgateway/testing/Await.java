package io.nexusgateway.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Polls a condition until it holds or a deadline passes: how tests wait, instead of sleeping a guessed time. */
public final class Await {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private Await() {}

    /** A condition that may fail on the way (a query, an HTTP call). */
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** A value read on every poll, which may fail on the way. */
    public interface Probe<T> {
        T read() throws Exception;
    }

    public static void until(String what, Duration timeout, Condition condition) throws Exception {
        until(what, timeout, condition::holds, Boolean::booleanValue);
    }

    /** Polls {@code probe} until its value satisfies {@code done}; returns that value. */
    public static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<? super T> done)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        T value;
        while (!done.test(value = probe.read())) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + what + " (last: " + value + ")");
            }
            // the polling interval of a deadline loop, not a synchronisation
            Thread.sleep(POLL_INTERVAL);
        }
        return value;
    }
}

package io.nexusgateway.controlplane.support;

import java.time.Duration;
import java.time.Instant;

/** Polls a condition until it holds or a deadline passes: how tests wait, instead of sleeping a guessed time. */
public final class Await {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private Await() {}

    /** A condition that may fail on the way (a query, an HTTP call). */
    public interface Condition {
        boolean holds() throws Exception;
    }

    public static void until(String what, Duration timeout, Condition condition) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            // the polling interval of a deadline loop, not a synchronisation
            Thread.sleep(POLL_INTERVAL);
        }
    }
}

package io.nexusgateway.trino.secrets;

import java.time.Duration;

/** Monotonic time and waiting, behind an interface so tests run retries and deadlines without real sleeps. */
interface RetryClock {
    RetryClock SYSTEM = new RetryClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration);
        }
    };

    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;
}

package io.nexusgateway.trino.plugin.audit;

import static java.util.Objects.requireNonNull;

import io.airlift.log.Logger;
import io.nexusgateway.trino.plugin.ControlPlaneClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Delivers spooled records to {@code POST /internal/v1/audit} in batches, on its own thread, so Trino's query path
 * never waits for the control plane. A batch leaves the spool only after a 2xx answer; the control plane stores each
 * query id once, so a batch delivered twice (a crash between answer and removal) is still recorded exactly once.
 *
 * <p>Delivery runs every {@code flush-interval}, or at once when a full batch is waiting. While the control plane
 * is unreachable or failing, attempts back off exponentially up to {@code max-retry-interval}.
 */
final class AuditSender {
    static final String AUDIT_PATH = "internal/v1/audit";
    private static final Logger log = Logger.get(AuditSender.class);

    private final AuditSpool spool;
    private final ControlPlaneClient client;
    private final int batchSize;
    private final Duration flushInterval;
    private final Duration maxRetryInterval;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;
    private boolean failing;

    AuditSender(
            AuditSpool spool,
            ControlPlaneClient client,
            int batchSize,
            Duration flushInterval,
            Duration maxRetryInterval) {
        this.spool = requireNonNull(spool, "spool is null");
        this.client = requireNonNull(client, "client is null");
        this.batchSize = batchSize;
        this.flushInterval = requireNonNull(flushInterval, "flushInterval is null");
        this.maxRetryInterval = requireNonNull(maxRetryInterval, "maxRetryInterval is null");
        this.thread = Thread.ofPlatform().name("nexus-audit-sender").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Tells the sender a full batch is waiting. */
    void wakeUp() {
        wakeUp.release();
    }

    int batchSize() {
        return batchSize;
    }

    /** Stops the thread after one last delivery attempt of at most {@code grace}; the rest stays spooled. */
    void stop(Duration grace) {
        running = false;
        wakeUp.release();
        try {
            thread.join(grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }

    private void run() {
        Duration wait = flushInterval;
        while (running) {
            try {
                wakeUp.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                break;
            }
            wait = deliverAll() ? flushInterval : backoff(wait);
        }
        // Trino is stopping: one last attempt, so a clean shutdown leaves nothing behind when the control plane is up
        deliverAll();
    }

    private Duration backoff(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(maxRetryInterval) > 0 ? maxRetryInterval : doubled;
    }

    /** Delivers batches until the spool is empty; false when a batch failed (it stays spooled). */
    boolean deliverAll() {
        while (true) {
            List<AuditSpool.Spooled> batch;
            try {
                batch = spool.peek(batchSize);
            } catch (IOException e) {
                log.error(e, "Cannot read the audit spool %s", spool.directory());
                return false;
            }
            if (batch.isEmpty()) {
                return true;
            }
            if (!deliver(batch)) {
                return false;
            }
        }
    }

    private boolean deliver(List<AuditSpool.Spooled> batch) {
        String failure;
        try {
            ControlPlaneClient.Response response = client.postJson(AUDIT_PATH, jsonArray(batch));
            if (response.isSuccess()) {
                spool.remove(batch);
                if (failing) {
                    log.info("Audit delivery to %s works again", client.baseUri());
                    failing = false;
                }
                return true;
            }
            if (response.status() == 400 || response.status() == 422) {
                // malformed for the control plane: retrying cannot help, and it must not hold up the others
                spool.reject(batch);
                log.error(
                        "Control plane refused %d audit records (HTTP %d); moved to %s/rejected",
                        batch.size(), response.status(), spool.directory());
                return true;
            }
            failure = "HTTP " + response.status();
        } catch (IOException e) {
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
        if (!failing) {
            log.warn(
                    "Cannot deliver audit records to %s (%s); %d record(s) stay spooled in %s and are retried",
                    client.baseUri(), failure, spool.size(), spool.directory());
            failing = true;
        }
        return false;
    }

    private static byte[] jsonArray(List<AuditSpool.Spooled> batch) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write('[');
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(batch.get(i).json());
        }
        body.write(']');
        return body.toByteArray();
    }
}

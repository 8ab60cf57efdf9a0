package io.nexusgateway.trino.plugin.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airlift.log.Logger;
import io.nexusgateway.trino.plugin.ControlPlaneClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers spooled records to {@code POST /internal/v1/audit} in batches, on its own thread, so Trino's query path
 * never waits for the control plane. A batch leaves the spool only after a 2xx answer; the control plane stores each
 * query id once, so a batch delivered twice (a crash between answer and removal) is still recorded exactly once.
 * The answer lists the records the control plane refused, by index: only those are set aside (in {@code rejected/},
 * counted and logged), the rest of the batch is delivered. A batch refused as a whole (400) is retried one record
 * at a time, so that again only the bad record is set aside.
 *
 * <p>Delivery runs every {@code flush-interval}, or at once when a full batch is waiting. While the control plane
 * is unreachable or failing, attempts back off exponentially up to {@code max-retry-interval}.
 */
final class AuditSender {
    static final String AUDIT_PATH = "internal/v1/audit";
    private static final Logger log = Logger.get(AuditSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuditSpool spool;
    private final ControlPlaneClient client;
    private final int batchSize;
    private final Duration flushInterval;
    private final Duration maxRetryInterval;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Thread thread;
    private final AtomicLong rejected = new AtomicLong();
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
                settle(batch, refusals(response.body(), batch.size()));
                if (failing) {
                    log.info("Audit delivery to %s works again", client.baseUri());
                    failing = false;
                }
                return true;
            }
            if (response.status() == 400 || response.status() == 422) {
                // the batch as a whole is refused (e.g. a spool file that is not JSON): one record at a time, so
                // that only the bad one is set aside
                return batch.size() == 1 ? setAside(batch.getFirst(), "HTTP " + response.status()) : deliverEach(batch);
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

    private boolean deliverEach(List<AuditSpool.Spooled> batch) {
        for (AuditSpool.Spooled record : batch) {
            if (!deliver(List.of(record))) {
                return false;
            }
        }
        return true;
    }

    /** Removes what the control plane stored and sets aside, in {@code rejected/}, what it refused. */
    private void settle(List<AuditSpool.Spooled> batch, Map<Integer, String> refused) throws IOException {
        List<AuditSpool.Spooled> delivered = new ArrayList<>(batch.size());
        for (int index = 0; index < batch.size(); index++) {
            String reason = refused.get(index);
            if (reason == null) {
                delivered.add(batch.get(index));
            } else {
                setAside(batch.get(index), reason);
            }
        }
        spool.remove(delivered);
    }

    private boolean setAside(AuditSpool.Spooled record, String reason) throws IOException {
        spool.reject(List.of(record));
        long total = rejected.incrementAndGet();
        log.error(
                "Control plane refused the audit record %s (%s); moved to %s/rejected (%d refused since start)",
                record.file().getFileName(), reason, spool.directory(), total);
        return true;
    }

    /**
     * The refused records of a 2xx answer by index, with the reason ({@code {"rejected": [{"index", "reason"}]}},
     * contracts/audit-delivery.json). An answer without that list refused nothing.
     */
    static Map<Integer, String> refusals(String body, int batchSize) {
        Map<Integer, String> refused = new HashMap<>();
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            return refused;
        }
        JsonNode rejected = answer == null ? null : answer.get("rejected");
        if (rejected == null || !rejected.isArray()) {
            return refused;
        }
        for (JsonNode refusal : rejected) {
            JsonNode index = refusal.get("index");
            if (index != null && index.canConvertToInt() && index.asInt() >= 0 && index.asInt() < batchSize) {
                JsonNode reason = refusal.get("reason");
                refused.put(index.asInt(), reason == null || !reason.isTextual() ? "refused" : reason.asText());
            }
        }
        return refused;
    }

    /** Records the control plane refused since start (each is in {@code rejected/} and in Trino's log). */
    long rejectedRecords() {
        return rejected.get();
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

package io.nexusgateway.trino.plugin.audit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.airlift.log.Logger;
import io.nexusgateway.trino.plugin.DenialLedger;
import io.nexusgateway.trino.plugin.QueryTexts;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryCreatedEvent;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit trail: one record per completed query (succeeded, failed or denied), spooled to the local durable queue
 * and delivered to the control plane by {@link AuditSender} on its own thread.
 *
 * <p>{@link #queryCompleted} only builds the record and writes one small file (no network, no fsync), and never
 * throws into Trino. Reads of the catalog-sync principal that succeeded or that it cancelled itself (its
 * {@code SELECT version()} every 2 s, which it closes after the first row, and its catalog listings) are not recorded unless {@code nexus.audit.audit-sync-reads=true}; its catalog changes and
 * failures are.
 */
public final class NexusAuditListener implements EventListener {
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    private static final Logger log = Logger.get(NexusAuditListener.class);
    private static final Set<String> READ_QUERY_TYPES = Set.of("SELECT", "DESCRIBE", "EXPLAIN");
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final AuditSpool spool;
    private final AuditSender sender;
    private final DenialLedger decisions;
    private final QueryTexts queryTexts;
    private final String syncPrincipal;
    private final boolean auditSyncReads;
    private final AtomicLong dropped = new AtomicLong();

    NexusAuditListener(
            AuditSpool spool,
            AuditSender sender,
            DenialLedger decisions,
            QueryTexts queryTexts,
            String syncPrincipal,
            boolean auditSyncReads) {
        this.spool = requireNonNull(spool, "spool is null");
        this.sender = requireNonNull(sender, "sender is null");
        this.decisions = requireNonNull(decisions, "decisions is null");
        this.queryTexts = requireNonNull(queryTexts, "queryTexts is null");
        this.syncPrincipal = requireNonNull(syncPrincipal, "syncPrincipal is null");
        this.auditSyncReads = auditSyncReads;
    }

    /**
     * Hands the query's text to the access control: Trino calls this synchronously before it analyzes the query, so
     * the pass-through check of {@code system.query} can read its native SQL (see {@link QueryTexts}).
     */
    @Override
    public void queryCreated(QueryCreatedEvent event) {
        queryTexts.put(
                event.getMetadata().getQueryId(),
                new QueryTexts.QueryText(
                        event.getMetadata().getQuery(), event.getMetadata().getPreparedQuery()));
    }

    @Override
    public void queryCompleted(QueryCompletedEvent event) {
        queryTexts.remove(event.getMetadata().getQueryId());
        try {
            AuditRecord record =
                    AuditRecords.from(event, decisions.take(event.getMetadata().getQueryId()));
            if (isSyncRead(record)) {
                return;
            }
            byte[] json = JSON.writeValueAsBytes(record);
            if (!spool.offer(record.queryId(), record.endTime().toEpochMilli(), json)) {
                log.error(
                        "Audit spool %s is full (%d records): audit record of query %s by %s dropped (%d dropped so far)",
                        spool.directory(), spool.size(), record.queryId(), record.user(), dropped.incrementAndGet());
                return;
            }
            if (spool.size() >= sender.batchSize()) {
                sender.wakeUp();
            }
        } catch (Exception e) {
            // never fail or slow the query because of the audit trail; the query id says what is missing
            log.error(
                    e,
                    "Cannot spool the audit record of query %s",
                    event.getMetadata().getQueryId());
        }
    }

    @Override
    public void shutdown() {
        sender.stop(SHUTDOWN_GRACE);
    }

    // the sync's probe closes its result after the first row, so Trino often ends it as USER_CANCELED: still a read
    private boolean isSyncRead(AuditRecord record) {
        return !auditSyncReads
                && record.user().equals(syncPrincipal)
                && (record.state() == AuditState.SUCCEEDED
                        || record.errorCode().filter("USER_CANCELED"::equals).isPresent())
                && record.queryType().map(READ_QUERY_TYPES::contains).orElse(false);
    }
}

package io.nexusgateway.controlplane.job;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.audit.AuditService;
import io.nexusgateway.controlplane.audit.AuditState;
import io.nexusgateway.controlplane.audit.QueryAuditRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts every job into the audit trail, beside Trino's queries: once when it ends ({@code job_<id>}), and each refused
 * job as {@code DENIED}. A job run by Trino also has the record of its Trino query, written by Trino's audit listener.
 */
final class JobAuditor {
    static final String SOURCE = "nexus-jobs";
    static final String CLIENT = "JOB_API";

    private static final Logger log = LoggerFactory.getLogger(JobAuditor.class);

    private final AuditService audit;
    private final Clock clock;

    JobAuditor(AuditService audit, Clock clock) {
        this.audit = requireNonNull(audit, "audit is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The record of an ended job. */
    void ended(JobRow job) {
        Instant end = job.finishedAt() == null ? clock.instant() : job.finishedAt();
        AuditState state = job.state() == JobState.SUCCEEDED ? AuditState.SUCCEEDED : AuditState.FAILED;
        String errorCode = job.state() == JobState.CANCELLED ? "CANCELLED" : job.errorCode();
        store(new QueryAuditRecord(
                "job_" + job.id(),
                job.owner(),
                job.owner(),
                SOURCE,
                CLIENT,
                job.engine().wireName() + (job.adapter() == null ? "" : " (" + job.adapter() + ")"),
                job.id().toString(),
                statement(job.targetCatalog() + "." + job.targetSchema() + "." + job.targetTable(), job.query()),
                "INSERT",
                state,
                errorCode,
                job.errorMessage(),
                catalogs(job.inputs(), job.targetCatalog()),
                job.inputs(),
                job.targetCatalog() + "." + job.targetSchema() + "." + job.targetTable(),
                job.rowsWritten(),
                job.bytesRead(),
                Duration.between(job.createdAt(), end).toMillis(),
                0L,
                job.startedAt() == null
                        ? 0L
                        : Duration.between(job.createdAt(), job.startedAt()).toMillis(),
                job.createdAt(),
                end,
                null));
    }

    /** The record of a job refused before it was stored: who asked for what, and why not. */
    void denied(String user, @Nullable String query, @Nullable String target, String code, String message) {
        Instant now = clock.instant();
        store(new QueryAuditRecord(
                "job_denied_" + UUID.randomUUID(),
                user,
                user,
                SOURCE,
                CLIENT,
                null,
                null,
                statement(target == null ? "?" : target, query == null ? "" : query),
                "INSERT",
                AuditState.DENIED,
                code,
                message,
                List.of(),
                List.of(),
                target,
                0L,
                0L,
                0L,
                0L,
                0L,
                now,
                now,
                null));
    }

    private void store(QueryAuditRecord record) {
        try {
            audit.recordOwn(record);
        } catch (RuntimeException e) {
            // the job's own state is stored; the trail must not make it fail
            log.warn("Cannot store the audit record {}: {}", record.queryId(), e.getMessage());
        }
    }

    private static String statement(String target, String query) {
        return "INSERT INTO " + target + "\n" + query;
    }

    private static List<String> catalogs(List<String> inputs, String target) {
        TreeSet<String> catalogs = new TreeSet<>();
        inputs.forEach(input -> catalogs.add(input.substring(0, Math.max(0, input.indexOf('.')))));
        catalogs.add(target);
        catalogs.remove("");
        return List.copyOf(catalogs);
    }
}

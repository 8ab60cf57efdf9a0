package io.nexusgateway.controlplane.audit;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One Trino query in the audit trail: what Trino's audit listener posts to {@code POST /internal/v1/audit} and what
 * {@code GET /api/v1/audit} shows. Query text and error message were redacted of secret-looking literals in Trino.
 *
 * @param state how the query ended; null when the sender named no known state (refused)
 * @param client {@code REST_API}, {@code CLI}, or the driver or tool name the client reported as its source
 * @param correlationId the query's trace token (the REST API's correlation id), else its client info
 * @param catalogs catalogs read, written or refused, sorted
 * @param inputs tables read, {@code catalog.schema.table}
 * @param recordedAt when the control plane stored it; absent in what Trino posts
 */
public record QueryAuditRecord(
        @Nullable String queryId,
        @Nullable String principal,
        @Nullable String user,
        @Nullable String source,
        @Nullable String client,
        @Nullable String clientInfo,
        @Nullable String correlationId,
        @Nullable String query,
        @Nullable String queryType,
        @Nullable AuditState state,
        @Nullable String errorCode,
        @Nullable String errorMessage,
        @Nullable List<String> catalogs,
        @Nullable List<String> inputs,
        @Nullable String output,
        @Nullable Long rowsOut,
        @Nullable Long bytesOut,
        @Nullable Long wallTimeMillis,
        @Nullable Long cpuTimeMillis,
        @Nullable Long queuedTimeMillis,
        @Nullable Instant startTime,
        @Nullable Instant endTime,
        @Nullable Instant recordedAt) {
    public QueryAuditRecord {
        catalogs = catalogs == null ? List.of() : List.copyOf(catalogs);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        // counters a sender leaves out are zero (Jackson 3 refuses null for primitives)
        rowsOut = rowsOut == null ? 0L : rowsOut;
        bytesOut = bytesOut == null ? 0L : bytesOut;
        wallTimeMillis = wallTimeMillis == null ? 0L : wallTimeMillis;
        cpuTimeMillis = cpuTimeMillis == null ? 0L : cpuTimeMillis;
        queuedTimeMillis = queuedTimeMillis == null ? 0L : queuedTimeMillis;
    }
}

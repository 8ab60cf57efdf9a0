package io.nexusgateway.trino.plugin.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One query as the audit trail keeps it: what the listener spools and posts to {@code POST /internal/v1/audit}.
 *
 * @param state how the query ended
 * @param client {@code REST_API} (source {@code nexus-rest-api}), {@code CLI} ({@code trino-cli}), otherwise the
 *     driver or client name the source reports ({@code trino-jdbc}, {@code dbeaver}, ...), or {@code unknown}
 * @param correlationId the query's trace token (the REST API sets it to its correlation id), else its client info
 * @param query the query text with secret-looking literals redacted, at most {@value SecretRedactor#MAX_QUERY_LENGTH}
 *     characters
 * @param catalogs every catalog the query read, wrote or was refused on, sorted
 * @param inputs tables read, {@code catalog.schema.table}
 * @param output the table written, if any
 */
public record AuditRecord(
        String queryId,
        Optional<String> principal,
        String user,
        Optional<String> source,
        String client,
        Optional<String> clientInfo,
        Optional<String> correlationId,
        String query,
        Optional<String> queryType,
        AuditState state,
        Optional<String> errorCode,
        Optional<String> errorMessage,
        List<String> catalogs,
        List<String> inputs,
        Optional<String> output,
        long rowsOut,
        long bytesOut,
        long wallTimeMillis,
        long cpuTimeMillis,
        long queuedTimeMillis,
        Instant startTime,
        Instant endTime) {
    public AuditRecord {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(user, "user is null");
        requireNonNull(source, "source is null");
        requireNonNull(client, "client is null");
        requireNonNull(clientInfo, "clientInfo is null");
        requireNonNull(correlationId, "correlationId is null");
        requireNonNull(query, "query is null");
        requireNonNull(queryType, "queryType is null");
        requireNonNull(state, "state is null");
        requireNonNull(errorCode, "errorCode is null");
        requireNonNull(errorMessage, "errorMessage is null");
        catalogs = List.copyOf(catalogs);
        inputs = List.copyOf(inputs);
        requireNonNull(output, "output is null");
        requireNonNull(startTime, "startTime is null");
        requireNonNull(endTime, "endTime is null");
    }
}

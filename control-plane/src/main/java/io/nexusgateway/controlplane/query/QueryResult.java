package io.nexusgateway.controlplane.query;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The body of a successful {@code POST /api/v1/query}: the seed's envelope, kept exactly. */
record QueryResult(boolean success, Data data, String correlationId, String timestamp) {
    QueryResult {
        requireNonNull(data, "data is null");
        requireNonNull(correlationId, "correlationId is null");
        requireNonNull(timestamp, "timestamp is null");
    }

    record Data(List<ColumnView> columns, List<List<@Nullable Object>> rows, Metadata metadata) {}

    /**
     * @param type the portable type (README, "Result types")
     * @param trinoType Trino's full type
     * @param nullable Trino's protocol does not say; {@code true} unless known otherwise
     */
    record ColumnView(String name, String type, String trinoType, boolean nullable) {}

    /**
     * @param queryId Trino's query id (find it in {@code system.runtime.queries}, the Web UI, the audit)
     * @param catalogs the catalogs the statement reads
     */
    record Metadata(
            long rowCount,
            long executionTimeMs,
            @Nullable UUID dataSourceId,
            @Nullable String databaseType,
            boolean hasMore,
            String queryId,
            List<String> catalogs) {}
}

package io.nexusgateway.controlplane.job;

import org.jspecify.annotations.Nullable;

/**
 * What {@code POST /api/v1/jobs} takes: either {@code sql} (a query over registered datasources, named as in Trino:
 * {@code catalog.schema.table}) or {@code source} (a table copied whole), and the {@code target} table of a writable
 * datasource, created if it does not exist.
 *
 * @param writeMode {@code append} (the default) or {@code overwrite}
 * @param engine {@code trino}, {@code spark} or {@code flink}; absent: the router decides
 * @param streaming run until cancelled (Flink)
 * @param idempotencyKey a retried POST with the same key answers the job the first one created; the
 *     {@code Idempotency-Key} header does the same
 */
record JobRequest(
        @Nullable String name,
        @Nullable String sql,
        @Nullable TableRef source,
        @Nullable TableRef target,
        @Nullable String writeMode,
        @Nullable String engine,
        @Nullable Boolean streaming,
        @Nullable String idempotencyKey) {
    /**
     * A table of a registered datasource.
     *
     * @param datasource the datasource's name (or its catalog name)
     */
    record TableRef(
            @Nullable String datasource,
            @Nullable String schema,
            @Nullable String table) {}
}

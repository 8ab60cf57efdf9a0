package io.nexusgateway.controlplane.job;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A job as the API shows it.
 *
 * @param query the query the engine runs, over Trino's three-part names
 * @param inputs the tables the query reads, {@code catalog.schema.table}
 */
public record JobView(
        UUID id,
        String name,
        String owner,
        JobState state,
        String kind,
        String query,
        List<String> inputs,
        Table target,
        String writeMode,
        boolean streaming,
        Routing routing,
        EngineView engine,
        Progress progress,
        Timings timings,
        @Nullable ErrorView error) {
    public JobView {
        requireNonNull(id, "id is null");
        inputs = List.copyOf(inputs);
    }

    public record Table(String datasource, String catalog, String schema, String table) {}

    /**
     * @param engine the engine the job runs on
     * @param requested the engine the job asked for, if any
     * @param reason why, e.g. {@code spark: estimated input 48 GB > 10 GB threshold}
     */
    public record Routing(String engine, @Nullable String requested, String reason) {}

    /**
     * @param adapter how it runs there, e.g. {@code spark-livy}
     * @param jobId the engine's own id (Trino's query id, Livy's batch id, Flink's job id)
     * @param uiUrl the engine's page for it
     */
    public record EngineView(
            String name,
            @Nullable String adapter,
            @Nullable String jobId,
            @Nullable String uiUrl) {}

    /** What the engine reports: percent done, rows written, bytes read. */
    public record Progress(
            @Nullable Double percent,
            @Nullable Long rows,
            @Nullable Long bytes) {}

    public record Timings(
            Instant createdAt,
            @Nullable Instant submittedAt,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable Long durationMillis) {}

    /** Why the job failed, in the engine's words (redacted). */
    public record ErrorView(String code, String message) {}
}

package io.nexusgateway.engines;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A job as an engine receives it: read {@link #inputs}, run {@link #query} over them, write the rows into {@link
 * #target}. The query is plain SQL (a {@code SELECT}) that names each input and the target as Trino does, {@code
 * catalog.schema.table}: an adapter makes those names resolve on its engine (Spark: a JDBC table catalog per catalog;
 * Flink: tables declared under the same three-part names), so the same job runs on every engine.
 *
 * @param id the job's id; adapters tag the engine's job with it
 * @param user who runs the job; engines that know users run it as them (Trino), others record it (job name)
 * @param inputs the tables the query reads, with their columns, each on a registered datasource
 * @param query a {@code SELECT} over the inputs' three-part names
 * @param target where the rows go; the table exists with {@link EngineTable#columns()} (the control plane creates it
 *     through Trino before submitting), {@link WriteMode} says whether it is emptied first
 * @param datasources each catalog the inputs and the target name, by catalog name
 * @param streaming whether the job runs until cancelled (Flink only)
 * @param credentials the ticket that exchanges for the datasources' passwords, see {@link CredentialTickets}
 */
public record EngineJob(
        UUID id,
        String user,
        List<EngineTable> inputs,
        String query,
        EngineTable target,
        WriteMode writeMode,
        Map<String, EngineDatasource> datasources,
        boolean streaming,
        CredentialTicket credentials) {
    public EngineJob {
        requireNonNull(id, "id is null");
        requireNonNull(user, "user is null");
        inputs = List.copyOf(inputs);
        requireNonNull(query, "query is null");
        requireNonNull(target, "target is null");
        requireNonNull(writeMode, "writeMode is null");
        datasources = Map.copyOf(datasources);
        requireNonNull(credentials, "credentials is null");
        for (EngineTable table : inputs) {
            requireDatasource(datasources, table);
        }
        requireDatasource(datasources, target);
    }

    /** The datasource of {@code table}. */
    public EngineDatasource datasource(EngineTable table) {
        return requireDatasource(datasources, table);
    }

    /** How the target is written. */
    public enum WriteMode {
        /** Rows are added to what the target holds. */
        APPEND,
        /** The target is emptied first (in the same transaction where the engine allows it). */
        OVERWRITE
    }

    private static EngineDatasource requireDatasource(Map<String, EngineDatasource> datasources, EngineTable table) {
        EngineDatasource datasource = datasources.get(table.catalog());
        if (datasource == null) {
            throw new IllegalArgumentException("no datasource for catalog '%s'".formatted(table.catalog()));
        }
        return datasource;
    }
}

package io.nexusgateway.controlplane.job;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.trino.client.QueryErrors;
import io.nexusgateway.controlplane.trino.client.TrinoQuery;
import io.nexusgateway.controlplane.trino.client.TrinoQueryClient;
import io.nexusgateway.controlplane.trino.client.TrinoQueryFailure;
import io.nexusgateway.engines.EngineTable;
import io.trino.client.Column;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a job reads, how much, and its columns, asked of Trino as the job's user (so Trino's access control answers
 * for every table first): {@code EXPLAIN (TYPE IO, FORMAT JSON)} names the inputs and their estimated size; a {@code
 * LIMIT 0} query gives the columns. The target is created through Trino with the query's columns when it does not
 * exist. The control plane never parses the SQL itself: the job's query is always wrapped as a subquery, so whatever
 * it holds, what runs is a query.
 */
final class JobPlanner {
    private final TrinoQueryClient trino;
    private final JsonMapper json;
    private final Duration timeout;

    JobPlanner(TrinoQueryClient trino, JsonMapper json, Duration timeout) {
        this.trino = requireNonNull(trino, "trino is null");
        this.json = requireNonNull(json, "json is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** The job's query as engines run it: the user's SQL as a subquery, so it can only be a query. */
    static String wrap(String sql) {
        // the line breaks keep a trailing -- comment from swallowing the closing parenthesis
        return "SELECT * FROM (\n" + sql + "\n) AS nexus_job";
    }

    /** The tables {@code query} reads, each with Trino's estimate of its size (empty where it has none). */
    List<Input> inputs(String user, String query, String correlationId) {
        List<List<Object>> rows = run(user, "EXPLAIN (TYPE IO, FORMAT JSON) " + query, correlationId);
        if (rows.isEmpty() || rows.getFirst().isEmpty()) {
            throw new IllegalStateException("Trino answered an empty EXPLAIN");
        }
        JsonNode plan;
        try {
            plan = json.readTree(String.valueOf(rows.getFirst().getFirst()));
        } catch (JacksonException e) {
            throw new IllegalStateException("Trino answered an EXPLAIN that is not JSON", e);
        }
        Map<String, Input> inputs = new LinkedHashMap<>();
        for (JsonNode info : plan.path("inputTableColumnInfos")) {
            JsonNode table = info.path("table");
            String catalog = table.path("catalog").asString("");
            String schema = table.path("schemaTable").path("schema").asString("");
            String name = table.path("schemaTable").path("table").asString("");
            OptionalLong bytes = bytes(info.path("estimate").path("outputSizeInBytes"));
            String key = catalog + "." + schema + "." + name;
            Input previous = inputs.get(key);
            // a table read twice (a self join) costs its size twice; unknown stays unknown
            if (previous != null) {
                bytes = previous.estimatedBytes().isPresent() && bytes.isPresent()
                        ? OptionalLong.of(previous.estimatedBytes().getAsLong() + bytes.getAsLong())
                        : OptionalLong.empty();
            }
            inputs.put(key, new Input(catalog, schema, name, bytes));
        }
        return List.copyOf(inputs.values());
    }

    /** The columns {@code query} returns, with their Trino types. */
    List<EngineTable.Column> columns(String user, String query, String correlationId) {
        try (TrinoQuery result =
                start(user, "SELECT * FROM (\n" + query + "\n) AS nexus_columns LIMIT 0", correlationId)) {
            List<EngineTable.Column> columns = new ArrayList<>();
            for (Column column : result.columns()) {
                columns.add(new EngineTable.Column(column.getName(), column.getType()));
            }
            while (!result.nextPage().isEmpty()) {
                // LIMIT 0: nothing to read, but the query runs to its end
            }
            return columns;
        } catch (TrinoQueryFailure failure) {
            throw QueryErrors.toProblem(failure, false);
        }
    }

    /** Creates {@code target} with the columns of {@code query} unless it exists. */
    void createTarget(String user, EngineTable target, String query, String correlationId) {
        run(
                user,
                "CREATE TABLE IF NOT EXISTS " + target.quotedName() + " AS SELECT * FROM (\n" + query
                        + "\n) AS nexus_target WITH NO DATA",
                correlationId);
    }

    private List<List<Object>> run(String user, String sql, String correlationId) {
        try (TrinoQuery query = start(user, sql, correlationId)) {
            List<List<Object>> rows = new ArrayList<>();
            for (List<List<Object>> page = query.nextPage(); !page.isEmpty(); page = query.nextPage()) {
                rows.addAll(page);
            }
            return rows;
        } catch (TrinoQueryFailure failure) {
            throw QueryErrors.toProblem(failure, false);
        }
    }

    private TrinoQuery start(String user, String sql, String correlationId) {
        return trino.start(sql, user, null, null, correlationId, timeout, false);
    }

    private static OptionalLong bytes(JsonNode value) {
        // Trino writes NaN (as a number or a string) where it has no statistics
        if (value.isNumber() && !Double.isNaN(value.asDouble()) && value.asDouble() >= 0) {
            return OptionalLong.of((long) value.asDouble());
        }
        return OptionalLong.empty();
    }

    /** A table the job reads. */
    record Input(String catalog, String schema, String table, OptionalLong estimatedBytes) {
        String qualifiedName() {
            return catalog + "." + schema + "." + table;
        }
    }
}

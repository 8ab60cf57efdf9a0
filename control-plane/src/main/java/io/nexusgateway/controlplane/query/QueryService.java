package io.nexusgateway.controlplane.query;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.datasource.DatasourceService;
import io.nexusgateway.controlplane.datasource.DatasourceStatus;
import io.nexusgateway.controlplane.datasource.DatasourceView;
import io.nexusgateway.controlplane.result.ColumnType;
import io.nexusgateway.controlplane.result.RowEncoder;
import io.nexusgateway.controlplane.trino.client.QueryErrors;
import io.nexusgateway.controlplane.trino.client.TrinoQuery;
import io.nexusgateway.controlplane.trino.client.TrinoQueryClient;
import io.nexusgateway.controlplane.trino.client.TrinoQueryFailure;
import io.nexusgateway.controlplane.trino.client.TrinoTypes;
import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import io.trino.client.Column;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs REST queries in Trino: checks the request, picks the session catalog and schema from the registry, binds
 * parameters, pages or streams the result. It never connects to a source database itself.
 */
public class QueryService {
    private static final Logger log = LoggerFactory.getLogger(QueryService.class);

    private final DatasourceService datasources;
    private final TrinoQueryClient trino;
    private final NexusProperties.Query settings;

    QueryService(DatasourceService datasources, TrinoQueryClient trino, NexusProperties.Query settings) {
        this.datasources = requireNonNull(datasources, "datasources is null");
        this.trino = requireNonNull(trino, "trino is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    QueryResult query(QueryRequest request, String user, String correlationId, String timestamp) {
        int limit = request.limit() == null ? settings.defaultLimit() : request.limit();
        int offset = request.offset() == null ? 0 : request.offset();
        if (limit < 0 || limit > settings.maxLimit()) {
            throw invalidRequest("limit must be between 0 and " + settings.maxLimit());
        }
        if (offset < 0) {
            throw invalidRequest("offset must be 0 or more");
        }
        Prepared prepared = prepare(request, settings.defaultTimeout());
        long started = System.nanoTime();
        try (TrinoQuery query = start(prepared, user, correlationId, false)) {
            List<ColumnType> types = columnTypes(query, prepared);
            List<List<@Nullable Object>> rows = new ArrayList<>(Math.min(limit, 1024));
            long skipped = 0;
            boolean hasMore = false;
            pages:
            for (List<List<Object>> page = next(query, prepared); !page.isEmpty(); page = next(query, prepared)) {
                for (List<Object> row : page) {
                    if (skipped < offset) {
                        skipped++;
                    } else if (rows.size() < limit) {
                        rows.add(RowEncoder.toJson(row, types));
                    } else {
                        hasMore = true;
                        break pages;
                    }
                }
            }
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            log.info(
                    "Query {} returned {} rows in {} ms (catalogs {})",
                    query.queryId(),
                    rows.size(),
                    elapsedMs,
                    prepared.catalogs());
            return new QueryResult(
                    true,
                    new QueryResult.Data(
                            columnViews(query.columns(), types),
                            rows,
                            new QueryResult.Metadata(
                                    rows.size(),
                                    elapsedMs,
                                    prepared.target().dataSourceId(),
                                    prepared.target().databaseType(),
                                    hasMore,
                                    query.queryId(),
                                    prepared.catalogs())),
                    correlationId,
                    timestamp);
        }
    }

    /** Starts a query whose rows the caller streams; the caller closes it. Errors before the first row are thrown here. */
    QueryStream stream(QueryRequest request, String user, String correlationId) {
        if (request.limit() != null || request.offset() != null) {
            throw invalidRequest("limit and offset do not apply to a stream: it returns every row");
        }
        Prepared prepared = prepare(request, settings.streamTimeout());
        long started = System.nanoTime();
        TrinoQuery query = start(prepared, user, correlationId, true);
        try {
            List<ColumnType> types = columnTypes(query, prepared);
            return new QueryStream(
                    query,
                    columnViews(query.columns(), types),
                    types,
                    prepared.target(),
                    prepared.catalogs(),
                    started,
                    failure -> mapFailure(failure, prepared));
        } catch (RuntimeException e) {
            query.close();
            throw e;
        }
    }

    private record Prepared(
            String sql, QueryTarget target, List<String> catalogs, boolean hasParameters, Duration timeout) {}

    private Prepared prepare(QueryRequest request, Duration defaultTimeout) {
        String sql = request.sql();
        if (sql == null || sql.isBlank()) {
            throw new NexusException(ProblemType.SQL_REQUIRED, "Send the statement to run in \"sql\"");
        }
        if (sql.length() > settings.maxSqlLength()) {
            throw new NexusException(
                    ProblemType.SQL_TOO_LONG,
                    "The statement has " + sql.length() + " characters; at most " + settings.maxSqlLength()
                            + " are accepted",
                    Map.of("maxLength", settings.maxSqlLength()));
        }
        Duration timeout = defaultTimeout;
        if (request.timeoutMs() != null) {
            if (request.timeoutMs() < 1
                    || request.timeoutMs() > settings.maxTimeout().toMillis()) {
                throw invalidRequest("timeoutMs must be between 1 and "
                        + settings.maxTimeout().toMillis());
            }
            timeout = Duration.ofMillis(request.timeoutMs());
        }
        QueryTarget target = request.dataSourceId() == null ? QueryTarget.FEDERATED : target(request);
        String statement = stripTrailingSemicolon(sql);
        if (request.isNative()) {
            if (target.catalog() == null) {
                throw invalidRequest("nativeQuery needs a dataSourceId: the SQL runs in that source's own dialect");
            }
            if (!request.parameters().isEmpty()) {
                throw invalidRequest(
                        "nativeQuery takes no parameters: Trino passes the source's SQL through unchanged");
            }
            statement = "SELECT * FROM TABLE(\"" + target.catalog() + "\".system.query(query => "
                    + SqlParameters.quote(statement) + "))";
            return new Prepared(statement, target, List.of(target.catalog()), false, timeout);
        }
        int nesting = CatalogReferences.nesting(statement);
        if (nesting > settings.maxSqlNesting()) {
            // refused before Trino parses it: Trino's parser, like ours, would spend minutes of CPU on it
            throw new NexusException(
                    ProblemType.SQL_TOO_DEEPLY_NESTED,
                    "The statement nests brackets " + nesting + " deep; at most " + settings.maxSqlNesting()
                            + " are accepted",
                    Map.of("field", "sql", "maxNesting", settings.maxSqlNesting()));
        }
        List<String> catalogs = CatalogReferences.of(statement, target.catalog(), nesting);
        return new Prepared(
                SqlParameters.bind(statement, request.parameters()),
                target,
                catalogs,
                !request.parameters().isEmpty(),
                timeout);
    }

    private QueryTarget target(QueryRequest request) {
        DatasourceView datasource = datasources.get(request.dataSourceId());
        if (DatasourceStatus.INACTIVE.wire().equals(datasource.status())) {
            throw new NexusException(
                    ProblemType.DATASOURCE_INACTIVE,
                    "Datasource '" + datasource.name() + "' is inactive: it has no Trino catalog to query",
                    Map.of("dataSourceId", datasource.id().toString()));
        }
        return QueryTarget.of(datasource);
    }

    private TrinoQuery start(Prepared prepared, String user, String correlationId, boolean stream) {
        return trino.start(
                prepared.sql(),
                user,
                prepared.target().catalog(),
                prepared.target().schema(),
                correlationId,
                prepared.timeout(),
                stream);
    }

    private List<ColumnType> columnTypes(TrinoQuery query, Prepared prepared) {
        try {
            return query.columns().stream()
                    .map(column -> TrinoTypes.of(column.getTypeSignature()))
                    .toList();
        } catch (TrinoQueryFailure failure) {
            throw mapFailure(failure, prepared);
        }
    }

    private static List<List<Object>> next(TrinoQuery query, Prepared prepared) {
        try {
            return query.nextPage();
        } catch (TrinoQueryFailure failure) {
            throw mapFailure(failure, prepared);
        }
    }

    private static NexusException mapFailure(TrinoQueryFailure failure, Prepared prepared) {
        NexusException problem = QueryErrors.toProblem(failure, prepared.hasParameters());
        log.info(
                "Query {} failed in Trino: {} ({})",
                failure.queryId(),
                failure.errorName(),
                problem.problemType().code());
        return problem;
    }

    private static List<QueryResult.ColumnView> columnViews(List<Column> columns, List<ColumnType> types) {
        List<QueryResult.ColumnView> views = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            ColumnType type = types.get(i);
            views.add(new QueryResult.ColumnView(columns.get(i).getName(), type.portable(), type.trino(), true));
        }
        return views;
    }

    private static String stripTrailingSemicolon(String sql) {
        String trimmed = sql.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return trimmed;
    }

    private static NexusException invalidRequest(String detail) {
        return new NexusException(ProblemType.INVALID_QUERY_REQUEST, detail);
    }
}

package io.nexusgateway.controlplane.audit;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code query_audit} through plain SQL that runs the same on H2, MariaDB/MySQL and PostgreSQL. */
@Repository
class AuditRepository {
    private static final String COLUMNS =
            "query_id, principal, user_name, source, client, client_info, correlation_id, "
                    + "query_text, query_type, state, error_code, error_message, catalogs, inputs, output_table, rows_out, "
                    + "bytes_out, wall_time_ms, cpu_time_ms, queued_time_ms, started_at, ended_at, recorded_at";
    private static final String LIKE_ESCAPE = "!";

    private final JdbcClient jdbc;

    AuditRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    /**
     * Stores the records whose query id is not stored yet (one query for the whole batch, then one insert per new
     * record); returns how many were new.
     */
    int insertNew(List<QueryAuditRecord> batch, Instant recordedAt) {
        Map<String, QueryAuditRecord> byQueryId = new LinkedHashMap<>();
        batch.forEach(record -> byQueryId.putIfAbsent(requireNonNull(record.queryId()), record));
        if (byQueryId.isEmpty()) {
            return 0;
        }
        List<String> stored = jdbc.sql("SELECT query_id FROM query_audit WHERE query_id IN (:ids)")
                .param("ids", List.copyOf(byQueryId.keySet()))
                .query(String.class)
                .list();
        stored.forEach(byQueryId::remove);
        int inserted = 0;
        for (QueryAuditRecord record : byQueryId.values()) {
            if (insert(record, recordedAt)) {
                inserted++;
            }
        }
        return inserted;
    }

    private boolean insert(QueryAuditRecord record, Instant recordedAt) {
        try {
            jdbc.sql("INSERT INTO query_audit (" + COLUMNS + ") VALUES (:queryId, :principal, :user, :source, "
                            + ":client, :clientInfo, :correlationId, :query, :queryType, :state, :errorCode, "
                            + ":errorMessage, :catalogs, :inputs, :output, :rowsOut, :bytesOut, :wall, :cpu, :queued, "
                            + ":startedAt, :endedAt, :recordedAt)")
                    .param("queryId", record.queryId())
                    .param("principal", cut(record.principal(), 256))
                    .param("user", cut(record.user(), 256))
                    .param("source", cut(record.source(), 256))
                    .param("client", cut(record.client(), 256))
                    .param("clientInfo", cut(record.clientInfo(), 1024))
                    .param("correlationId", cut(record.correlationId(), 256))
                    .param("query", record.query())
                    .param("queryType", cut(record.queryType(), 32))
                    .param("state", requireNonNull(record.state()).name())
                    .param("errorCode", cut(record.errorCode(), 128))
                    .param("errorMessage", record.errorMessage())
                    .param("catalogs", cut(catalogs(record.catalogs()), 4000))
                    .param("inputs", record.inputs().isEmpty() ? null : String.join("\n", record.inputs()))
                    .param("output", cut(record.output(), 1024))
                    .param("rowsOut", record.rowsOut())
                    .param("bytesOut", record.bytesOut())
                    .param("wall", record.wallTimeMillis())
                    .param("cpu", record.cpuTimeMillis())
                    .param("queued", record.queuedTimeMillis())
                    .param("startedAt", timestamp(requireNonNull(record.startTime())))
                    .param("endedAt", timestamp(requireNonNull(record.endTime())))
                    .param("recordedAt", timestamp(recordedAt))
                    .update();
            return true;
        } catch (DuplicateKeyException e) {
            // the same record delivered twice at once: the other insert won
            return false;
        }
    }

    /** Keeps a refused record's query id and reason; a query id refused before is not kept twice. */
    void insertRejection(@Nullable String queryId, @Nullable String user, String reason, Instant rejectedAt) {
        try {
            jdbc.sql("INSERT INTO audit_rejections (id, query_id, user_name, reason, rejected_at) VALUES (:id,"
                            + " :queryId, :user, :reason, :rejectedAt)")
                    .param("id", UUID.randomUUID().toString())
                    .param("queryId", queryId)
                    .param("user", user)
                    .param("reason", cut(reason, 1024))
                    .param("rejectedAt", timestamp(rejectedAt))
                    .update();
        } catch (DuplicateKeyException e) {
            // the same refused record delivered again (the sender crashed before setting it aside)
        }
    }

    long countRejections() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_rejections")
                .query(Long.class)
                .single();
    }

    List<AuditRejection> findRejections(long offset, int limit) {
        return jdbc.sql("SELECT query_id, user_name, reason, rejected_at FROM audit_rejections"
                        + " ORDER BY rejected_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .param("limit", limit)
                .param("offset", offset)
                .query((resultSet, rowNumber) -> new AuditRejection(
                        resultSet.getString("query_id"),
                        resultSet.getString("user_name"),
                        resultSet.getString("reason"),
                        resultSet.getTimestamp("rejected_at").toInstant()))
                .list();
    }

    Optional<QueryAuditRecord> find(String queryId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM query_audit WHERE query_id = :queryId")
                .param("queryId", queryId)
                .query(AuditRepository::map)
                .optional();
    }

    List<QueryAuditRecord> findPage(AuditFilter filter, long offset, int limit) {
        Where where = where(filter);
        JdbcClient.StatementSpec statement = jdbc.sql("SELECT " + COLUMNS + " FROM query_audit" + where.sql()
                        + " ORDER BY started_at DESC, query_id DESC LIMIT :limit OFFSET :offset")
                .param("limit", limit)
                .param("offset", offset);
        return bind(statement, where).query(AuditRepository::map).list();
    }

    long count(AuditFilter filter) {
        Where where = where(filter);
        return bind(jdbc.sql("SELECT COUNT(*) FROM query_audit" + where.sql()), where)
                .query(Long.class)
                .single();
    }

    private static Where where(AuditFilter filter) {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (filter.user() != null) {
            conditions.add("user_name = :p" + values.size());
            values.add(filter.user());
        }
        if (filter.catalog() != null) {
            conditions.add("catalogs LIKE :p" + values.size() + " ESCAPE '" + LIKE_ESCAPE + "'");
            values.add("%," + escapeLike(filter.catalog()) + ",%");
        }
        if (filter.state() != null) {
            conditions.add("state = :p" + values.size());
            values.add(filter.state().name());
        }
        if (filter.from() != null) {
            conditions.add("started_at >= :p" + values.size());
            values.add(timestamp(filter.from()));
        }
        if (filter.to() != null) {
            conditions.add("started_at < :p" + values.size());
            values.add(timestamp(filter.to()));
        }
        if (filter.correlationId() != null) {
            conditions.add("correlation_id = :p" + values.size());
            values.add(filter.correlationId());
        }
        if (filter.text() != null) {
            conditions.add("LOWER(query_text) LIKE :p" + values.size() + " ESCAPE '" + LIKE_ESCAPE + "'");
            values.add("%" + escapeLike(filter.text().toLowerCase(Locale.ROOT)) + "%");
        }
        return new Where(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), values);
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Where where) {
        for (int i = 0; i < where.values().size(); i++) {
            statement = statement.param("p" + i, where.values().get(i));
        }
        return statement;
    }

    private record Where(String sql, List<Object> values) {}

    private static String escapeLike(String value) {
        return value.replace(LIKE_ESCAPE, LIKE_ESCAPE + LIKE_ESCAPE)
                .replace("%", LIKE_ESCAPE + "%")
                .replace("_", LIKE_ESCAPE + "_");
    }

    private static String catalogs(List<String> catalogs) {
        return catalogs.isEmpty() ? "," : "," + String.join(",", catalogs) + ",";
    }

    private static List<String> splitCatalogs(String catalogs) {
        return Arrays.stream(catalogs.split(","))
                .filter(catalog -> !catalog.isEmpty())
                .toList();
    }

    private static @Nullable String cut(@Nullable String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }

    private static Timestamp timestamp(Instant instant) {
        // microseconds: what every metadata store keeps
        return Timestamp.from(instant.truncatedTo(ChronoUnit.MICROS));
    }

    private static QueryAuditRecord map(ResultSet resultSet, int rowNumber) throws SQLException {
        String inputs = resultSet.getString("inputs");
        return new QueryAuditRecord(
                resultSet.getString("query_id"),
                resultSet.getString("principal"),
                resultSet.getString("user_name"),
                resultSet.getString("source"),
                resultSet.getString("client"),
                resultSet.getString("client_info"),
                resultSet.getString("correlation_id"),
                resultSet.getString("query_text"),
                resultSet.getString("query_type"),
                AuditState.valueOf(resultSet.getString("state")),
                resultSet.getString("error_code"),
                resultSet.getString("error_message"),
                splitCatalogs(resultSet.getString("catalogs")),
                inputs == null ? List.of() : List.of(inputs.split("\n")),
                resultSet.getString("output_table"),
                resultSet.getLong("rows_out"),
                resultSet.getLong("bytes_out"),
                resultSet.getLong("wall_time_ms"),
                resultSet.getLong("cpu_time_ms"),
                resultSet.getLong("queued_time_ms"),
                resultSet.getTimestamp("started_at").toInstant(),
                resultSet.getTimestamp("ended_at").toInstant(),
                resultSet.getTimestamp("recorded_at").toInstant());
    }
}

package io.nexusgateway.controlplane.job;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.engines.Engine;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** {@code jobs} through plain SQL that runs the same on H2, MariaDB/MySQL and PostgreSQL. */
@Repository
class JobRepository {
    // column and parameter names, in one list for the insert and the update
    private static final List<String> COLUMNS = List.of(
            "id",
            "name",
            "owner",
            "idempotency_key",
            "request_fingerprint",
            "kind",
            "query_text",
            "target_catalog",
            "target_schema",
            "target_table",
            "write_mode",
            "streaming",
            "inputs",
            "requested_engine",
            "engine",
            "routing_reason",
            "adapter",
            "state",
            "engine_job_id",
            "engine_handle",
            "ui_url",
            "progress_percent",
            "rows_written",
            "bytes_read",
            "error_code",
            "error_message",
            "cancel_requested",
            "created_at",
            "submitted_at",
            "started_at",
            "finished_at",
            "updated_at",
            "version");
    // what an update may change; the rest is fixed when the job is created
    private static final List<String> MUTABLE = List.of(
            "adapter",
            "state",
            "engine_job_id",
            "engine_handle",
            "ui_url",
            "progress_percent",
            "rows_written",
            "bytes_read",
            "error_code",
            "error_message",
            "cancel_requested",
            "submitted_at",
            "started_at",
            "finished_at",
            "updated_at",
            "version");
    private static final String SELECT = "SELECT " + String.join(", ", COLUMNS) + " FROM jobs";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JobRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.json = requireNonNull(json, "json is null");
    }

    void insert(JobRow row) {
        String sql = "INSERT INTO jobs (" + String.join(", ", COLUMNS) + ") VALUES ("
                + COLUMNS.stream().map(column -> ":" + column).collect(Collectors.joining(", ")) + ")";
        bind(jdbc.sql(sql), row).update();
    }

    /** Stores {@code row} if the stored version is {@code row.version() - 1}; false if another writer was first. */
    boolean update(JobRow row) {
        String sql = "UPDATE jobs SET "
                + MUTABLE.stream().map(column -> column + " = :" + column).collect(Collectors.joining(", "))
                + " WHERE id = :id AND version = :expectedVersion";
        return bind(jdbc.sql(sql), row)
                        .param("expectedVersion", row.version() - 1)
                        .update()
                == 1;
    }

    Optional<JobRow> findById(UUID id) {
        return jdbc.sql(SELECT + " WHERE id = :id")
                .param("id", id.toString())
                .query(this::map)
                .optional();
    }

    Optional<JobRow> findByIdempotencyKey(String owner, String key) {
        return jdbc.sql(SELECT + " WHERE owner = :owner AND idempotency_key = :key")
                .param("owner", owner)
                .param("key", key)
                .query(this::map)
                .optional();
    }

    /** Jobs not in a terminal state, oldest first. */
    List<JobRow> findActive() {
        return jdbc.sql(SELECT + " WHERE state IN (:states) ORDER BY created_at")
                .param("states", activeStates())
                .query(this::map)
                .list();
    }

    int countActive(String owner) {
        return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE owner = :owner AND state IN (:states)")
                .param("owner", owner)
                .param("states", activeStates())
                .query(Integer.class)
                .single();
    }

    /** A page of jobs, newest first. */
    List<JobRow> find(JobFilter filter, int page, int size) {
        Where where = where(filter);
        var statement = jdbc.sql(SELECT + where.sql() + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset");
        where.bind(statement);
        return statement
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(this::map)
                .list();
    }

    long count(JobFilter filter) {
        Where where = where(filter);
        var statement = jdbc.sql("SELECT COUNT(*) FROM jobs" + where.sql());
        where.bind(statement);
        return statement.query(Long.class).single();
    }

    /** The filters of {@code GET /api/v1/jobs}; null: any. */
    record JobFilter(
            @Nullable String owner,
            @Nullable JobState state,
            @Nullable Engine engine) {}

    private static Where where(JobFilter filter) {
        List<String> conditions = new ArrayList<>();
        List<Object[]> values = new ArrayList<>();
        if (filter.owner() != null) {
            conditions.add("owner = :owner");
            values.add(new Object[] {"owner", filter.owner()});
        }
        if (filter.state() != null) {
            conditions.add("state = :state");
            values.add(new Object[] {"state", filter.state().name()});
        }
        if (filter.engine() != null) {
            conditions.add("engine = :engine");
            values.add(new Object[] {"engine", filter.engine().name()});
        }
        return new Where(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), values);
    }

    private record Where(String sql, List<Object[]> values) {
        void bind(JdbcClient.StatementSpec statement) {
            for (Object[] value : values) {
                statement.param((String) value[0], value[1]);
            }
        }
    }

    private static List<String> activeStates() {
        return Arrays.stream(JobState.values())
                .filter(state -> !state.isTerminal())
                .map(Enum::name)
                .toList();
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, JobRow row) {
        return statement
                .param("id", row.id().toString())
                .param("name", row.name())
                .param("owner", row.owner())
                .param("idempotency_key", row.idempotencyKey())
                .param("request_fingerprint", row.requestFingerprint())
                .param("kind", row.kind().name())
                .param("query_text", row.query())
                .param("target_catalog", row.targetCatalog())
                .param("target_schema", row.targetSchema())
                .param("target_table", row.targetTable())
                .param("write_mode", row.writeMode())
                .param("streaming", row.streaming())
                .param("inputs", json.writeValueAsString(row.inputs()))
                .param(
                        "requested_engine",
                        row.requestedEngine() == null
                                ? null
                                : row.requestedEngine().name())
                .param("engine", row.engine().name())
                .param("routing_reason", row.routingReason())
                .param("adapter", row.adapter())
                .param("state", row.state().name())
                .param("engine_job_id", row.engineJobId())
                .param("engine_handle", row.engineHandle())
                .param("ui_url", row.uiUrl())
                .param("progress_percent", row.progressPercent())
                .param("rows_written", row.rowsWritten())
                .param("bytes_read", row.bytesRead())
                .param("error_code", row.errorCode())
                .param("error_message", row.errorMessage())
                .param("cancel_requested", row.cancelRequested())
                .param("created_at", timestamp(row.createdAt()))
                .param("submitted_at", timestamp(row.submittedAt()))
                .param("started_at", timestamp(row.startedAt()))
                .param("finished_at", timestamp(row.finishedAt()))
                .param("updated_at", timestamp(row.updatedAt()))
                .param("version", row.version());
    }

    private JobRow map(ResultSet resultSet, int rowNumber) throws SQLException {
        String requested = resultSet.getString("requested_engine");
        return new JobRow(
                UUID.fromString(resultSet.getString("id").strip()),
                resultSet.getString("name"),
                resultSet.getString("owner"),
                resultSet.getString("idempotency_key"),
                resultSet.getString("request_fingerprint"),
                JobKind.valueOf(resultSet.getString("kind").strip()),
                resultSet.getString("query_text"),
                resultSet.getString("target_catalog"),
                resultSet.getString("target_schema"),
                resultSet.getString("target_table"),
                resultSet.getString("write_mode"),
                resultSet.getBoolean("streaming"),
                json.readValue(resultSet.getString("inputs"), new TypeReference<List<String>>() {}),
                requested == null ? null : Engine.valueOf(requested.strip()),
                Engine.valueOf(resultSet.getString("engine").strip()),
                resultSet.getString("routing_reason"),
                resultSet.getString("adapter"),
                JobState.valueOf(resultSet.getString("state").strip()),
                resultSet.getString("engine_job_id"),
                resultSet.getString("engine_handle"),
                resultSet.getString("ui_url"),
                (Double) resultSet.getObject("progress_percent", Double.class),
                (Long) resultSet.getObject("rows_written", Long.class),
                (Long) resultSet.getObject("bytes_read", Long.class),
                resultSet.getString("error_code"),
                resultSet.getString("error_message"),
                resultSet.getBoolean("cancel_requested"),
                requireNonNull(instant(resultSet.getTimestamp("created_at"))),
                instant(resultSet.getTimestamp("submitted_at")),
                instant(resultSet.getTimestamp("started_at")),
                instant(resultSet.getTimestamp("finished_at")),
                requireNonNull(instant(resultSet.getTimestamp("updated_at"))),
                resultSet.getLong("version"));
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

import io.nexusgateway.catalogsync.SyncStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code data_sources} through plain SQL that runs the same on H2, MariaDB/MySQL and PostgreSQL. */
@Repository
class DatasourceRepository {
    /**
     * Every column of {@code data_sources}, once: what the row writes into it and whether an update replaces it. The
     * statements are made from this list; each value is bound under its column's name.
     */
    private static final List<Column> COLUMNS = List.of(
            new Column("id", row -> row.id().toString(), false),
            new Column("name", DatasourceRow::name, true),
            new Column("type", DatasourceRow::type, false),
            new Column("description", DatasourceRow::description, true),
            new Column("catalog_name", DatasourceRow::catalogName, false),
            new Column("config", DatasourceRow::configJson, true),
            new Column("password_ciphertext", DatasourceRow::passwordCiphertext, true),
            new Column("secret_version", DatasourceRow::secretVersion, true),
            new Column("status", row -> row.status().wire(), true),
            new Column("writable", DatasourceRow::writable, true),
            new Column("pass_through", DatasourceRow::passThrough, true),
            new Column("sync_state", row -> row.syncState().name(), true),
            // the sync's own columns: written by updateSyncState, not by an edit
            new Column("sync_error", DatasourceRow::syncError, false),
            new Column("synced_at", row -> timestamp(row.syncedAt()), false),
            new Column("created_at", row -> timestamp(row.createdAt()), false),
            new Column("updated_at", row -> timestamp(row.updatedAt()), true),
            new Column("version", DatasourceRow::version, true));

    private static final String SELECT =
            "SELECT " + COLUMNS.stream().map(Column::name).collect(joining(", ")) + " FROM data_sources";
    private static final String INSERT = "INSERT INTO data_sources ("
            + COLUMNS.stream().map(Column::name).collect(joining(", ")) + ") VALUES ("
            + COLUMNS.stream().map(column -> ":" + column.name()).collect(joining(", ")) + ")";
    private static final String UPDATE = "UPDATE data_sources SET "
            + COLUMNS.stream()
                    .filter(Column::editable)
                    .map(column -> column.name() + " = :" + column.name())
                    .collect(joining(", "))
            + " WHERE id = :id AND version = :expected_version";

    private record Column(String name, Function<DatasourceRow, @Nullable Object> value, boolean editable) {}

    private final JdbcClient jdbc;

    DatasourceRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    void insert(DatasourceRow row) {
        bind(jdbc.sql(INSERT), row, COLUMNS).update();
    }

    /** Replaces the editable columns if the stored version is {@code expectedVersion}; returns false when it is not. */
    boolean update(DatasourceRow row, long expectedVersion) {
        List<Column> edited = COLUMNS.stream()
                .filter(column -> column.editable() || column.name().equals("id"))
                .toList();
        return bind(jdbc.sql(UPDATE), row, edited)
                        .param("expected_version", expectedVersion)
                        .update()
                == 1;
    }

    private static JdbcClient.StatementSpec bind(
            JdbcClient.StatementSpec statement, DatasourceRow row, List<Column> columns) {
        for (Column column : columns) {
            statement = statement.param(column.name(), column.value().apply(row));
        }
        return statement;
    }

    /** Re-encryption after a key rotation: only the ciphertext changes, not the version. */
    void updateCiphertext(UUID id, String ciphertext) {
        jdbc.sql("UPDATE data_sources SET password_ciphertext = :password WHERE id = :id")
                .param("id", id.toString())
                .param("password", ciphertext)
                .update();
    }

    void updateSyncState(UUID id, SyncStatus state, @Nullable String error, @Nullable Instant syncedAt) {
        jdbc.sql(
                        "UPDATE data_sources SET sync_state = :state, sync_error = :error, synced_at = COALESCE(:syncedAt, synced_at) WHERE id = :id")
                .param("id", id.toString())
                .param("state", state.name())
                .param("error", error)
                .param("syncedAt", timestamp(syncedAt))
                .update();
    }

    boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM data_sources WHERE id = :id")
                        .param("id", id.toString())
                        .update()
                == 1;
    }

    Optional<DatasourceRow> findById(UUID id) {
        return jdbc.sql(SELECT + " WHERE id = :id")
                .param("id", id.toString())
                .query(DatasourceRepository::map)
                .optional();
    }

    Optional<DatasourceRow> findByName(String name) {
        return jdbc.sql(SELECT + " WHERE name = :name")
                .param("name", name)
                .query(DatasourceRepository::map)
                .optional();
    }

    Optional<DatasourceRow> findByCatalogName(String catalogName) {
        return jdbc.sql(SELECT + " WHERE catalog_name = :catalog")
                .param("catalog", catalogName)
                .query(DatasourceRepository::map)
                .optional();
    }

    List<DatasourceRow> findAll() {
        return jdbc.sql(SELECT + " ORDER BY name")
                .query(DatasourceRepository::map)
                .list();
    }

    List<DatasourceRow> findPage(@Nullable String type, @Nullable String status, long offset, int limit) {
        Filter filter = filter(type, status);
        JdbcClient.StatementSpec statement = jdbc.sql(
                        SELECT + filter.where() + " ORDER BY name, id LIMIT :limit OFFSET :offset")
                .param("limit", limit)
                .param("offset", offset);
        for (int i = 0; i < filter.values().size(); i++) {
            statement = statement.param("p" + i, filter.values().get(i));
        }
        return statement.query(DatasourceRepository::map).list();
    }

    long count(@Nullable String type, @Nullable String status) {
        Filter filter = filter(type, status);
        JdbcClient.StatementSpec statement = jdbc.sql("SELECT COUNT(*) FROM data_sources" + filter.where());
        for (int i = 0; i < filter.values().size(); i++) {
            statement = statement.param("p" + i, filter.values().get(i));
        }
        return statement.query(Long.class).single();
    }

    private static Filter filter(@Nullable String type, @Nullable String status) {
        List<String> conditions = new ArrayList<>();
        List<String> values = new ArrayList<>();
        if (type != null) {
            conditions.add("type = :p" + values.size());
            values.add(type);
        }
        if (status != null) {
            // the API's status: "error" is an active datasource whose last sync failed, "active" the others
            switch (status) {
                case "error" -> conditions.add("status = 'active' AND sync_state = 'FAILED'");
                case "active" -> conditions.add("status = 'active' AND sync_state <> 'FAILED'");
                default -> {
                    conditions.add("status = :p" + values.size());
                    values.add(status);
                }
            }
        }
        return new Filter(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), values);
    }

    private record Filter(String where, List<String> values) {}

    private static DatasourceRow map(ResultSet resultSet, int rowNumber) throws SQLException {
        return new DatasourceRow(
                UUID.fromString(resultSet.getString("id").strip()),
                resultSet.getString("name"),
                resultSet.getString("type"),
                resultSet.getString("description"),
                resultSet.getString("catalog_name"),
                resultSet.getString("config"),
                resultSet.getString("password_ciphertext"),
                resultSet.getLong("secret_version"),
                DatasourceStatus.fromWire(resultSet.getString("status").strip()).orElseThrow(),
                resultSet.getBoolean("writable"),
                resultSet.getBoolean("pass_through"),
                SyncStatus.valueOf(resultSet.getString("sync_state").strip()),
                resultSet.getString("sync_error"),
                instant(resultSet.getTimestamp("synced_at")),
                requireNonNull(instant(resultSet.getTimestamp("created_at"))),
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

package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.catalogsync.SyncStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code data_sources} through plain SQL that runs the same on H2, MariaDB/MySQL and PostgreSQL. */
@Repository
class DatasourceRepository {
    private static final String COLUMNS =
            "id, name, type, description, catalog_name, config, password_ciphertext, secret_version, status, "
                    + "writable, pass_through, sync_state, sync_error, synced_at, created_at, updated_at, version";

    private final JdbcClient jdbc;

    DatasourceRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    void insert(DatasourceRow row) {
        jdbc.sql(
                        "INSERT INTO data_sources (" + COLUMNS
                                + ") VALUES (:id, :name, :type, :description, :catalogName, :config, :password, :secretVersion, "
                                + ":status, :writable, :passThrough, :syncState, :syncError, :syncedAt, :createdAt, :updatedAt, :version)")
                .param("id", row.id().toString())
                .param("name", row.name())
                .param("type", row.type())
                .param("description", row.description())
                .param("catalogName", row.catalogName())
                .param("config", row.configJson())
                .param("password", row.passwordCiphertext())
                .param("secretVersion", row.secretVersion())
                .param("status", row.status().wire())
                .param("writable", row.writable())
                .param("passThrough", row.passThrough())
                .param("syncState", row.syncState().name())
                .param("syncError", row.syncError())
                .param("syncedAt", timestamp(row.syncedAt()))
                .param("createdAt", timestamp(row.createdAt()))
                .param("updatedAt", timestamp(row.updatedAt()))
                .param("version", row.version())
                .update();
    }

    /** Replaces the editable columns if the stored version is {@code expectedVersion}; returns false when it is not. */
    boolean update(DatasourceRow row, long expectedVersion) {
        int updated = jdbc.sql(
                        "UPDATE data_sources SET name = :name, description = :description, config = :config, password_ciphertext = :password, "
                                + "secret_version = :secretVersion, status = :status, writable = :writable, pass_through = :passThrough, sync_state = :syncState, updated_at = :updatedAt, version = :version "
                                + "WHERE id = :id AND version = :expectedVersion")
                .param("id", row.id().toString())
                .param("name", row.name())
                .param("description", row.description())
                .param("config", row.configJson())
                .param("password", row.passwordCiphertext())
                .param("secretVersion", row.secretVersion())
                .param("status", row.status().wire())
                .param("writable", row.writable())
                .param("passThrough", row.passThrough())
                .param("syncState", row.syncState().name())
                .param("updatedAt", timestamp(row.updatedAt()))
                .param("version", row.version())
                .param("expectedVersion", expectedVersion)
                .update();
        return updated == 1;
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
        return jdbc.sql("SELECT " + COLUMNS + " FROM data_sources WHERE id = :id")
                .param("id", id.toString())
                .query(DatasourceRepository::map)
                .optional();
    }

    Optional<DatasourceRow> findByName(String name) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM data_sources WHERE name = :name")
                .param("name", name)
                .query(DatasourceRepository::map)
                .optional();
    }

    Optional<DatasourceRow> findByCatalogName(String catalogName) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM data_sources WHERE catalog_name = :catalog")
                .param("catalog", catalogName)
                .query(DatasourceRepository::map)
                .optional();
    }

    List<DatasourceRow> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM data_sources ORDER BY name")
                .query(DatasourceRepository::map)
                .list();
    }

    List<DatasourceRow> findPage(@Nullable String type, @Nullable String status, long offset, int limit) {
        Filter filter = filter(type, status);
        JdbcClient.StatementSpec statement = jdbc.sql("SELECT " + COLUMNS + " FROM data_sources" + filter.where()
                        + " ORDER BY name, id LIMIT :limit OFFSET :offset")
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

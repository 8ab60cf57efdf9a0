package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code users}, {@code user_roles}, {@code user_groups}, {@code group_members}, {@code api_keys}: plain SQL for every store. */
@Repository
class IdentityRepository {
    private static final String USER_COLUMNS =
            "id, username, display_name, password_hash, enabled, created_at, updated_at, version";
    private static final String KEY_COLUMNS = "k.id, k.user_id, u.username, k.name, k.key_hash, k.created_at,"
            + " k.expires_at, k.revoked_at, k.last_used_at";

    private final JdbcClient jdbc;

    IdentityRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    // users

    void insertUser(UserRow row) {
        jdbc.sql("INSERT INTO users (" + USER_COLUMNS + ") VALUES (:id, :username, :displayName, :passwordHash,"
                        + " :enabled, :createdAt, :updatedAt, :version)")
                .param("id", row.id().toString())
                .param("username", row.username())
                .param("displayName", row.displayName())
                .param("passwordHash", row.passwordHash())
                .param("enabled", row.enabled())
                .param("createdAt", timestamp(row.createdAt()))
                .param("updatedAt", timestamp(row.updatedAt()))
                .param("version", row.version())
                .update();
    }

    /** Replaces the editable columns if the stored version is {@code expectedVersion}. */
    boolean updateUser(UserRow row, long expectedVersion) {
        return jdbc.sql("UPDATE users SET display_name = :displayName, password_hash = :passwordHash,"
                                + " enabled = :enabled, updated_at = :updatedAt, version = :version"
                                + " WHERE id = :id AND version = :expectedVersion")
                        .param("id", row.id().toString())
                        .param("displayName", row.displayName())
                        .param("passwordHash", row.passwordHash())
                        .param("enabled", row.enabled())
                        .param("updatedAt", timestamp(row.updatedAt()))
                        .param("version", row.version())
                        .param("expectedVersion", expectedVersion)
                        .update()
                == 1;
    }

    boolean deleteUser(UUID id) {
        return jdbc.sql("DELETE FROM users WHERE id = :id")
                        .param("id", id.toString())
                        .update()
                == 1;
    }

    Optional<UserRow> findUser(String username) {
        return jdbc.sql("SELECT " + USER_COLUMNS + " FROM users WHERE username = :username")
                .param("username", username)
                .query(IdentityRepository::mapUser)
                .optional();
    }

    List<UserRow> findUsers() {
        return jdbc.sql("SELECT " + USER_COLUMNS + " FROM users ORDER BY username")
                .query(IdentityRepository::mapUser)
                .list();
    }

    void replaceRoles(UUID userId, Collection<Role> roles) {
        jdbc.sql("DELETE FROM user_roles WHERE user_id = :id")
                .param("id", userId.toString())
                .update();
        for (Role role : roles) {
            jdbc.sql("INSERT INTO user_roles (user_id, role) VALUES (:id, :role)")
                    .param("id", userId.toString())
                    .param("role", role.id())
                    .update();
        }
    }

    void replaceMemberships(UUID userId, Collection<UUID> groupIds) {
        jdbc.sql("DELETE FROM group_members WHERE user_id = :id")
                .param("id", userId.toString())
                .update();
        for (UUID groupId : groupIds) {
            jdbc.sql("INSERT INTO group_members (group_id, user_id) VALUES (:group, :user)")
                    .param("group", groupId.toString())
                    .param("user", userId.toString())
                    .update();
        }
    }

    /** Every user's roles, by user id (one query for the user list and the policy). */
    Map<UUID, List<Role>> rolesByUser() {
        Map<UUID, List<Role>> roles = new LinkedHashMap<>();
        jdbc.sql("SELECT user_id, role FROM user_roles ORDER BY user_id, role")
                .query((resultSet, row) -> {
                    UUID id = uuid(resultSet.getString("user_id"));
                    Role.parse(resultSet.getString("role"))
                            .ifPresent(role -> roles.computeIfAbsent(id, key -> new ArrayList<>())
                                    .add(role));
                    return null;
                })
                .list();
        return roles;
    }

    /** Every user's group names, sorted, by user id. */
    Map<UUID, List<String>> groupsByUser() {
        Map<UUID, List<String>> groups = new LinkedHashMap<>();
        jdbc.sql("SELECT m.user_id, g.name FROM group_members m JOIN user_groups g ON g.id = m.group_id"
                        + " ORDER BY m.user_id, g.name")
                .query((resultSet, row) -> {
                    groups.computeIfAbsent(uuid(resultSet.getString("user_id")), key -> new ArrayList<>())
                            .add(resultSet.getString("name"));
                    return null;
                })
                .list();
        return groups;
    }

    List<Role> roles(UUID userId) {
        return jdbc
                .sql("SELECT role FROM user_roles WHERE user_id = :id ORDER BY role")
                .param("id", userId.toString())
                .query(String.class)
                .list()
                .stream()
                .flatMap(role -> Role.parse(role).stream())
                .toList();
    }

    List<String> groupNames(UUID userId) {
        return jdbc.sql("SELECT g.name FROM group_members m JOIN user_groups g ON g.id = m.group_id"
                        + " WHERE m.user_id = :id ORDER BY g.name")
                .param("id", userId.toString())
                .query(String.class)
                .list();
    }

    // groups

    void insertGroup(GroupRow row) {
        jdbc.sql("INSERT INTO user_groups (id, name, description, created_at) VALUES (:id, :name, :description,"
                        + " :createdAt)")
                .param("id", row.id().toString())
                .param("name", row.name())
                .param("description", row.description())
                .param("createdAt", timestamp(row.createdAt()))
                .update();
    }

    boolean deleteGroup(UUID id) {
        return jdbc.sql("DELETE FROM user_groups WHERE id = :id")
                        .param("id", id.toString())
                        .update()
                == 1;
    }

    Optional<GroupRow> findGroup(String name) {
        return jdbc.sql("SELECT id, name, description, created_at FROM user_groups WHERE name = :name")
                .param("name", name)
                .query(IdentityRepository::mapGroup)
                .optional();
    }

    List<GroupRow> findGroups() {
        return jdbc.sql("SELECT id, name, description, created_at FROM user_groups ORDER BY name")
                .query(IdentityRepository::mapGroup)
                .list();
    }

    /** Members' usernames by group id, sorted. */
    Map<UUID, List<String>> membersByGroup() {
        Map<UUID, List<String>> members = new LinkedHashMap<>();
        jdbc.sql("SELECT m.group_id, u.username FROM group_members m JOIN users u ON u.id = m.user_id"
                        + " ORDER BY m.group_id, u.username")
                .query((resultSet, row) -> {
                    members.computeIfAbsent(uuid(resultSet.getString("group_id")), key -> new ArrayList<>())
                            .add(resultSet.getString("username"));
                    return null;
                })
                .list();
        return members;
    }

    // API keys

    void insertApiKey(
            UUID id, UUID userId, String name, String keyHash, Instant createdAt, @Nullable Instant expiresAt) {
        jdbc.sql("INSERT INTO api_keys (id, user_id, name, key_hash, created_at, expires_at) VALUES (:id, :user,"
                        + " :name, :hash, :createdAt, :expiresAt)")
                .param("id", id.toString())
                .param("user", userId.toString())
                .param("name", name)
                .param("hash", keyHash)
                .param("createdAt", timestamp(createdAt))
                .param("expiresAt", timestamp(expiresAt))
                .update();
    }

    Optional<ApiKeyRow> findApiKeyByHash(String keyHash) {
        return jdbc.sql("SELECT " + KEY_COLUMNS + " FROM api_keys k JOIN users u ON u.id = k.user_id"
                        + " WHERE k.key_hash = :hash")
                .param("hash", keyHash)
                .query(IdentityRepository::mapKey)
                .optional();
    }

    Optional<ApiKeyRow> findApiKey(UUID id) {
        return jdbc.sql("SELECT " + KEY_COLUMNS + " FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.id = :id")
                .param("id", id.toString())
                .query(IdentityRepository::mapKey)
                .optional();
    }

    /** Keys of one user, or of everyone when {@code username} is null; newest first. */
    List<ApiKeyRow> findApiKeys(@Nullable String username) {
        String where = username == null ? "" : " WHERE u.username = :username";
        JdbcClient.StatementSpec statement = jdbc.sql("SELECT " + KEY_COLUMNS
                + " FROM api_keys k JOIN users u ON u.id = k.user_id" + where + " ORDER BY k.created_at DESC, k.id");
        if (username != null) {
            statement = statement.param("username", username);
        }
        return statement.query(IdentityRepository::mapKey).list();
    }

    /** The ids of the keys revoked, or expired, after {@code since} (and by {@code now}), by user id, sorted. */
    Map<UUID, List<String>> apiKeysRevokedSince(Instant since, Instant now) {
        Map<UUID, List<String>> keys = new LinkedHashMap<>();
        jdbc.sql("SELECT user_id, id FROM api_keys WHERE revoked_at > :since OR (expires_at > :since AND expires_at"
                        + " <= :now) ORDER BY user_id, id")
                .param("since", timestamp(since))
                .param("now", timestamp(now))
                .query((resultSet, rowNumber) -> {
                    keys.computeIfAbsent(uuid(resultSet.getString("user_id")), id -> new ArrayList<>())
                            .add(resultSet.getString("id").strip());
                    return null;
                })
                .list();
        return keys;
    }

    boolean revokeApiKey(UUID id, Instant revokedAt) {
        return jdbc.sql("UPDATE api_keys SET revoked_at = :revokedAt WHERE id = :id AND revoked_at IS NULL")
                        .param("id", id.toString())
                        .param("revokedAt", timestamp(revokedAt))
                        .update()
                == 1;
    }

    void touchApiKey(UUID id, Instant usedAt) {
        jdbc.sql("UPDATE api_keys SET last_used_at = :usedAt WHERE id = :id")
                .param("id", id.toString())
                .param("usedAt", timestamp(usedAt))
                .update();
    }

    private static UserRow mapUser(ResultSet resultSet, int rowNumber) throws SQLException {
        return new UserRow(
                uuid(resultSet.getString("id")),
                resultSet.getString("username"),
                resultSet.getString("display_name"),
                resultSet.getString("password_hash"),
                resultSet.getBoolean("enabled"),
                requireNonNull(instant(resultSet.getTimestamp("created_at"))),
                requireNonNull(instant(resultSet.getTimestamp("updated_at"))),
                resultSet.getLong("version"));
    }

    private static GroupRow mapGroup(ResultSet resultSet, int rowNumber) throws SQLException {
        return new GroupRow(
                uuid(resultSet.getString("id")),
                resultSet.getString("name"),
                resultSet.getString("description"),
                requireNonNull(instant(resultSet.getTimestamp("created_at"))));
    }

    private static ApiKeyRow mapKey(ResultSet resultSet, int rowNumber) throws SQLException {
        return new ApiKeyRow(
                uuid(resultSet.getString("id")),
                uuid(resultSet.getString("user_id")),
                resultSet.getString("username"),
                resultSet.getString("name"),
                resultSet.getString("key_hash").strip(),
                requireNonNull(instant(resultSet.getTimestamp("created_at"))),
                instant(resultSet.getTimestamp("expires_at")),
                instant(resultSet.getTimestamp("revoked_at")),
                instant(resultSet.getTimestamp("last_used_at")));
    }

    private static UUID uuid(String value) {
        // char(36) may come back padded on some stores
        return UUID.fromString(value.strip());
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

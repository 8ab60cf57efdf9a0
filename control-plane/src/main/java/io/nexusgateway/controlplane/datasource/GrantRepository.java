package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code datasource_grants}: who may use a datasource, a user or a group per row. */
@Repository
class GrantRepository {
    // a user's own grants and their groups' grants; admins use every datasource
    private static final String USABLE_BY = "(g.user_id = (SELECT id FROM users WHERE username = :username)"
            + " OR g.group_id IN (SELECT m.group_id FROM group_members m JOIN users u ON u.id = m.user_id"
            + " WHERE u.username = :username))";

    private final JdbcClient jdbc;

    GrantRepository(JdbcClient jdbc) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
    }

    void insert(UUID datasourceId, @Nullable UUID userId, @Nullable UUID groupId, Instant createdAt) {
        jdbc.sql("INSERT INTO datasource_grants (id, datasource_id, user_id, group_id, created_at)"
                        + " VALUES (:id, :datasource, :user, :group, :createdAt)")
                .param("id", UUID.randomUUID().toString())
                .param("datasource", datasourceId.toString())
                .param("user", userId == null ? null : userId.toString())
                .param("group", groupId == null ? null : groupId.toString())
                .param("createdAt", Timestamp.from(createdAt))
                .update();
    }

    Optional<GrantView> find(UUID datasourceId, @Nullable UUID userId, @Nullable UUID groupId) {
        String where = userId != null ? "g.user_id = :grantee" : "g.group_id = :grantee";
        return jdbc.sql(select() + " WHERE g.datasource_id = :datasource AND " + where)
                .param("datasource", datasourceId.toString())
                .param("grantee", (userId != null ? userId : requireNonNull(groupId)).toString())
                .query(GrantRepository::map)
                .optional();
    }

    boolean delete(UUID datasourceId, @Nullable UUID userId, @Nullable UUID groupId) {
        String where = userId != null ? "user_id = :grantee" : "group_id = :grantee";
        return jdbc.sql("DELETE FROM datasource_grants WHERE datasource_id = :datasource AND " + where)
                        .param("datasource", datasourceId.toString())
                        .param("grantee", (userId != null ? userId : requireNonNull(groupId)).toString())
                        .update()
                == 1;
    }

    /** A datasource's grants: users first, then groups, each by name. */
    List<GrantView> findByDatasource(UUID datasourceId) {
        return jdbc.sql(select() + " WHERE g.datasource_id = :datasource"
                        + " ORDER BY CASE WHEN u.username IS NULL THEN 1 ELSE 0 END, u.username, gr.name")
                .param("datasource", datasourceId.toString())
                .query(GrantRepository::map)
                .list();
    }

    boolean usable(String username, UUID datasourceId) {
        return jdbc.sql("SELECT COUNT(*) FROM datasource_grants g WHERE g.datasource_id = :datasource AND " + USABLE_BY)
                        .param("datasource", datasourceId.toString())
                        .param("username", username)
                        .query(Long.class)
                        .single()
                > 0;
    }

    List<UUID> usableIds(String username) {
        return jdbc.sql("SELECT DISTINCT g.datasource_id FROM datasource_grants g WHERE " + USABLE_BY)
                .param("username", username)
                .query((resultSet, row) ->
                        UUID.fromString(resultSet.getString(1).strip()))
                .list();
    }

    /** Every catalog's grantees: usernames and group names, each sorted. */
    Map<String, Grantees> granteesByCatalog() {
        Map<String, List<String>> users = new LinkedHashMap<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        jdbc.sql("SELECT d.catalog_name, u.username, gr.name AS group_name FROM datasource_grants g"
                        + " JOIN data_sources d ON d.id = g.datasource_id"
                        + " LEFT JOIN users u ON u.id = g.user_id LEFT JOIN user_groups gr ON gr.id = g.group_id"
                        + " ORDER BY d.catalog_name, u.username, gr.name")
                .query((resultSet, row) -> {
                    String catalog = resultSet.getString("catalog_name");
                    String user = resultSet.getString("username");
                    String group = resultSet.getString("group_name");
                    if (user != null) {
                        users.computeIfAbsent(catalog, key -> new ArrayList<>()).add(user);
                    }
                    if (group != null) {
                        groups.computeIfAbsent(catalog, key -> new ArrayList<>())
                                .add(group);
                    }
                    return null;
                })
                .list();
        Map<String, Grantees> grantees = new LinkedHashMap<>();
        for (String catalog : union(users.keySet(), groups.keySet())) {
            grantees.put(
                    catalog,
                    new Grantees(
                            users.getOrDefault(catalog, List.of()).stream()
                                    .sorted()
                                    .toList(),
                            groups.getOrDefault(catalog, List.of()).stream()
                                    .sorted()
                                    .toList()));
        }
        return grantees;
    }

    private static List<String> union(java.util.Set<String> first, java.util.Set<String> second) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private static String select() {
        return "SELECT u.username, gr.name AS group_name, g.created_at FROM datasource_grants g"
                + " LEFT JOIN users u ON u.id = g.user_id LEFT JOIN user_groups gr ON gr.id = g.group_id";
    }

    private static GrantView map(java.sql.ResultSet resultSet, int row) throws java.sql.SQLException {
        return new GrantView(
                resultSet.getString("username"),
                resultSet.getString("group_name"),
                resultSet.getTimestamp("created_at").toInstant());
    }
}

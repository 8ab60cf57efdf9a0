package io.nexusgateway.controlplane.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.testing.Await;
import io.nexusgateway.testing.SharedTrino;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Users, groups, API keys, tokens and grants through the real API, for the tests that act as someone. */
public final class Identities {
    private static final Set<String> KNOWN_TO_TRINO = ConcurrentHashMap.newKeySet();

    private Identities() {}

    /** Creates {@code username} (if missing) with {@code role} and waits until Trino's policy knows them. */
    public static void ensureUser(ApiClient admin, String username, String role) {
        if (KNOWN_TO_TRINO.contains(username)) {
            return;
        }
        Response existing = admin.get("/api/v1/users/" + username);
        if (existing.status() == 404) {
            createUser(admin, username, List.of(role), List.of());
        }
        awaitKnownToTrino(username);
        KNOWN_TO_TRINO.add(username);
    }

    /** A new user; returns their password. */
    public static String createUser(ApiClient admin, String username, List<String> roles, List<String> groups) {
        for (String group : groups) {
            ensureGroup(admin, group);
        }
        String password = "pw-" + UUID.randomUUID();
        Response created = admin.post(
                "/api/v1/users",
                Map.of(
                        "username",
                        username,
                        "password",
                        password,
                        "displayName",
                        username,
                        "roles",
                        roles,
                        "groups",
                        groups));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return password;
    }

    public static void ensureGroup(ApiClient admin, String group) {
        if (admin.get("/api/v1/groups/" + group).status() == 404) {
            Response created = admin.post("/api/v1/groups", Map.of("name", group));
            assertThat(created.status()).as(created.body()).isIn(201, 409);
        }
    }

    /** An API key of {@code username}, made by the admin. */
    public static String apiKey(ApiClient admin, String username) {
        Response created =
                admin.post("/api/v1/api-keys", Map.of("name", "test-" + UUID.randomUUID(), "user", username));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("key").asString();
    }

    /** A gateway-issued JWT for the holder of {@code apiKey}. */
    public static String token(ApiClient api, String apiKey) {
        Response response = api.withKey(apiKey).post("/api/v1/auth/token", null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("accessToken").asString();
    }

    public static void grantUser(ApiClient admin, String datasourceId, String username) {
        Response granted = admin.post("/api/v1/datasources/" + datasourceId + "/grants", Map.of("user", username));
        assertThat(granted.status()).as(granted.body()).isIn(200, 201);
    }

    public static void grantGroup(ApiClient admin, String datasourceId, String group) {
        Response granted = admin.post("/api/v1/datasources/" + datasourceId + "/grants", Map.of("group", group));
        assertThat(granted.status()).as(granted.body()).isIn(200, 201);
    }

    /** trino-jdbc as {@code user} with {@code token}, over HTTPS. */
    public static Connection trinoAs(String user, String token) throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", user);
        properties.setProperty("accessToken", token);
        return DriverManager.getConnection(SharedTrino.get().jdbcUrl(), properties);
    }

    /** Grants reach Trino with its next policy refresh: wait until {@code user} can read {@code catalog}. */
    public static void awaitCatalogVisible(String username, String catalog) {
        awaitTrinoRuns(username, "SHOW SCHEMAS FROM " + catalog);
    }

    /** Trino's policy refreshes every few seconds: wait until it runs the user's queries. */
    public static void awaitKnownToTrino(String username) {
        awaitTrinoRuns(username, "SELECT 1");
    }

    private static void awaitTrinoRuns(String username, String sql) {
        try {
            Await.until("Trino runs " + sql + " for " + username, Duration.ofSeconds(30), () -> {
                try (Connection connection = trinoAs(username, SharedTrino.get().accessToken(username));
                        Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                    return true;
                } catch (SQLException e) {
                    return false;
                }
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

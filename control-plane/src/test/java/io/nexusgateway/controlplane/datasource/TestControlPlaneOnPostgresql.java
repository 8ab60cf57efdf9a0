package io.nexusgateway.controlplane.datasource;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.AuditRecordContract;
import io.nexusgateway.testing.Await;
import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole control plane with its metadata store on Postgresql: Liquibase schema, API, optimistic locking. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
final class TestControlPlaneOnPostgresql {
    private static TestDatabase database;

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void metadataStore(DynamicPropertyRegistry registry) {
        database = MetadataStoreApiScenario.register(registry, TestDatabases.postgresql());
        // an outage shows within a second, not after Hikari's default 30 s wait
        registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void testRegistryApiOnPostgresql() throws Exception {
        MetadataStoreApiScenario.run(port);
        metadataStoreOutageIsAnswered503AndHeals();
    }

    /**
     * The metadata store refuses connections (issue 12: found by crashing it under load): requests authenticated by a
     * stored key, reads and audit deliveries answer 503 METADATA_STORE_UNAVAILABLE, never a 500 or a 401, and work
     * again once it is back.
     */
    private void metadataStoreOutageIsAnswered503AndHeals() throws Exception {
        ApiClient admin = new ApiClient(URI.create("http://127.0.0.1:" + port), MetadataStoreApiScenario.ADMIN_KEY);
        String user = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post(
                                "/api/v1/users",
                                Map.of("username", user, "password", "correct horse battery", "roles", List.of("user")))
                        .status())
                .isEqualTo(201);
        Response key = admin.post("/api/v1/api-keys", Map.of("name", "outage", "user", user));
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        ApiClient asUser = admin.withKey(key.json().get("key").asString());
        ApiClient internal = admin.withKey(MetadataStoreApiScenario.INTERNAL_TOKEN);
        assertThat(asUser.get("/api/v1/datasources").status()).isEqualTo(200);

        allowConnections(false);
        try {
            List<Integer> seen = new ArrayList<>();
            Await.until("the outage answered 503", Duration.ofSeconds(30), () -> {
                Response answer = asUser.get("/api/v1/datasources");
                seen.add(answer.status());
                return answer.status() == 503;
            });
            assertThat(seen)
                    .as("before the pool saw the outage, answers were 200")
                    .allMatch(s -> s == 200 || s == 503);
            for (Response answer : List.of(
                    asUser.get("/api/v1/datasources"),
                    admin.get("/api/v1/datasources"),
                    internal.post("/internal/v1/audit", List.of(auditRecord(user))))) {
                assertProblem(answer, 503, "METADATA_STORE_UNAVAILABLE");
                assertThat(answer.body())
                        .doesNotContain("Exception")
                        .doesNotContain("jdbc:")
                        .doesNotContain(database.databaseName());
            }
        } finally {
            allowConnections(true);
        }
        Await.until(
                "the control plane healed",
                Duration.ofSeconds(30),
                () -> asUser.get("/api/v1/datasources").status() == 200);
        // the refused delivery stored nothing; Trino's spool delivers it again
        assertThat(admin.get("/api/v1/audit?user=" + user).json().get("items").size())
                .isZero();
        Response delivered = internal.post("/internal/v1/audit", List.of(auditRecord(user)));
        assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
        Response audit = admin.get("/api/v1/audit?user=" + user);
        assertThat(audit.json().get("items").size())
                .as(delivered.body() + " " + audit.body())
                .isEqualTo(1);
    }

    private static Map<String, Object> auditRecord(String user) {
        Map<String, Object> record = AuditRecordContract.minimalRecord("20260101_000000_00001_outage", user);
        record.put("client", "CLI");
        record.put("query", "SELECT 1");
        return record;
    }

    private static void allowConnections(boolean allowed) throws SQLException {
        try (Connection connection = database.server().openAdminConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE \"" + database.databaseName() + "\" WITH ALLOW_CONNECTIONS " + allowed);
            if (!allowed) {
                try (PreparedStatement terminate = connection.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?")) {
                    terminate.setString(1, database.databaseName());
                    terminate.executeQuery().close();
                }
            }
        }
    }
}

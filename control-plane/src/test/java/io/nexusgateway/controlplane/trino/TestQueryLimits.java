package io.nexusgateway.controlplane.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.Identities;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.testing.Await;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Per-user resource groups: {@link #THROTTLED_USER} may run 1 query and queue 1 (NexusIntegrationTest's properties);
 * a third is refused, through JDBC and the REST API alike.
 */
final class TestQueryLimits extends NexusIntegrationTest {
    @Test
    void testAUserOverTheLimitIsQueuedThenRefused() throws Exception {
        Identities.ensureUser(api(), THROTTLED_USER, "user");
        String sample = sampleCatalog();
        String token = trino().accessToken(THROTTLED_USER);
        // a query whose client reads one row and then waits keeps running (its output buffer is full)
        try (Connection first = Identities.trinoAs(THROTTLED_USER, token);
                Statement running = first.createStatement();
                ResultSet rows = running.executeQuery("SELECT * FROM " + sample + ".sf1.lineitem")) {
            assertThat(rows.next()).isTrue();

            Connection second = Identities.trinoAs(THROTTLED_USER, token);
            Statement queuedStatement = second.createStatement();
            CompletableFuture<Void> queued = CompletableFuture.runAsync(() -> {
                try (ResultSet ignored =
                        queuedStatement.executeQuery("SELECT count(*) FROM " + sample + ".tiny.nation")) {
                    // runs once the first one ends
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // an admin sees every user's queries (the throttled user's own would need a slot)
            try (Connection observer = trinoConnection()) {
                Await.until("a queued query of " + THROTTLED_USER, Duration.ofSeconds(30), () -> {
                    try (Statement statement = observer.createStatement();
                            ResultSet states = statement.executeQuery("SELECT count(*) FROM system.runtime.queries"
                                    + " WHERE state = 'QUEUED' AND \"user\" = '" + THROTTLED_USER + "'")) {
                        return states.next() && states.getLong(1) == 1;
                    }
                });
            }

            // running 1, queued 1: the next one is refused at once, whichever client sends it
            try (Connection third = Identities.trinoAs(THROTTLED_USER, token)) {
                assertThatThrownBy(() -> third.createStatement().executeQuery("SELECT 1"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("Too many queued queries");
            }
            String apiKey = Identities.apiKey(api(), THROTTLED_USER);
            Response rest = api().withKey(apiKey).post("/api/v1/query", Map.of("sql", "SELECT 1"));
            assertThat(rest.status()).as(rest.body()).isEqualTo(429);
            assertThat(rest.json().get("code").asString()).isEqualTo("TRINO_QUEUE_FULL");

            running.cancel();
            queued.get(60, TimeUnit.SECONDS);
            second.close();
        }
    }

    private static String sampleCatalog() {
        Response created = api().post(
                        "/api/v1/datasources",
                        Map.of(
                                "name",
                                "limits_"
                                        + java.util.UUID.randomUUID().toString().substring(0, 8),
                                "type",
                                "tpch"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        Identities.grantUser(api(), id, THROTTLED_USER);
        String catalog = created.json().get("catalog").asString();
        Identities.awaitCatalogVisible(THROTTLED_USER, catalog);
        return catalog;
    }
}

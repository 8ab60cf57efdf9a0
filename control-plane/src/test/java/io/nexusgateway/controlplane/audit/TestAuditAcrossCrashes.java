package io.nexusgateway.controlplane.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.controlplane.support.TrinoOutcome;
import io.nexusgateway.testing.Await;
import io.nexusgateway.testing.SharedTrino;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail across a crash of Trino (SIGKILL: no shutdown, no listener flush): records waiting in the spool and
 * records on their way to the control plane are each stored exactly once after the restart.
 */
final class TestAuditAcrossCrashes extends NexusIntegrationTest {
    private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(90);
    private static final int CLIENTS = 4;
    private static final int QUERIES_PER_CLIENT = 15;

    @Autowired
    private WebServerApplicationContext context;

    @Test
    void testRecordsSpooledWhenTrinoIsKilledAreDeliveredOnce() throws Exception {
        String catalog = createTpch();
        WebServer controlPlane = context.getWebServer();
        try {
            trinoConnection().close(); // makes the test user while the control plane answers
            controlPlane.stop();
            List<TrinoOutcome> outcomes = load(catalog, 2, 5);
            awaitSpooled(outcomes);

            SharedTrino.get().crashAndRestart();
            controlPlane.start();

            assertEachStoredOnce(outcomes);
        } finally {
            controlPlane.start(); // a no-op when it runs
        }
    }

    @Test
    void testRecordsInFlightWhenTrinoIsKilledAreStoredOnce() throws Exception {
        String catalog = createTpch();
        // the control plane is up: the sender delivers while the clients run, so the kill meets records in the spool
        // and records in a POST whose answer never reaches Trino
        List<TrinoOutcome> outcomes = load(catalog, CLIENTS, QUERIES_PER_CLIENT);
        awaitSpooledOrStored(outcomes);

        SharedTrino.get().crashAndRestart();

        assertEachStoredOnce(outcomes);
    }

    private String createTpch() {
        Response created = api().post("/api/v1/datasources", Map.of("name", unique("crash tpch"), "type", "tpch"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("catalog").asString();
    }

    /** {@code clients} JDBC clients, each running {@code queries} statements one after another. */
    private static List<TrinoOutcome> load(String catalog, int clients, int queries) throws Exception {
        List<TrinoOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        trinoConnection().close(); // the test user exists before the clients connect at once
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                running.add(pool.submit(() -> {
                    try (Connection trino = trinoConnection()) {
                        for (int i = 0; i < queries; i++) {
                            outcomes.add(TrinoOutcome.run(
                                    trino, "SELECT count(*) FROM " + catalog + ".tiny.nation WHERE nationkey > " + i));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(outcomes).hasSize(clients * queries).allMatch(TrinoOutcome::succeeded);
        return List.copyOf(outcomes);
    }

    private static void awaitSpooled(List<TrinoOutcome> outcomes) throws Exception {
        Await.until("every record is in Trino's audit spool", DELIVERY_DEADLINE, () -> SpooledRecords.traceTokens()
                .containsAll(tokens(outcomes)));
    }

    // Trino writes a record after the client has seen the last row: wait until each one exists somewhere
    private static void awaitSpooledOrStored(List<TrinoOutcome> outcomes) throws Exception {
        Await.until("every record is spooled or stored", DELIVERY_DEADLINE, () -> {
            List<String> spooled = SpooledRecords.traceTokens();
            return outcomes.stream()
                    .allMatch(outcome -> spooled.contains(outcome.traceToken()) || storedCount(outcome) > 0);
        });
    }

    private static void assertEachStoredOnce(List<TrinoOutcome> outcomes) throws Exception {
        for (TrinoOutcome outcome : outcomes) {
            Await.until("audit record of " + outcome, DELIVERY_DEADLINE, () -> storedCount(outcome) > 0);
        }
        // delivered records leave the spool; then no redelivery can come
        Await.until("the audit spool is empty", DELIVERY_DEADLINE, () -> SpooledRecords.traceTokens()
                .isEmpty());
        for (TrinoOutcome outcome : outcomes) {
            assertThat(storedCount(outcome)).as(outcome.toString()).isEqualTo(1);
        }
    }

    private static long storedCount(TrinoOutcome outcome) {
        JsonNode page =
                api().get("/api/v1/audit?correlationId=" + outcome.traceToken()).json();
        return page.get("totalItems").asLong();
    }

    private static List<String> tokens(List<TrinoOutcome> outcomes) {
        return outcomes.stream().map(TrinoOutcome::traceToken).toList();
    }
}

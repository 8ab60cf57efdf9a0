package io.nexusgateway.controlplane.audit;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.AuditRecordContract;
import io.nexusgateway.controlplane.support.Identities;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.controlplane.support.TrinoOutcome;
import io.nexusgateway.testing.Await;
import io.nexusgateway.testing.SharedTrino;
import java.net.URLEncoder;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The audit trail end to end: Trino's listener → spool → {@code POST /internal/v1/audit} → {@code GET /api/v1/audit},
 * including a control plane that is down and a Trino restart with undelivered records.
 */
final class TestAuditTrail extends NexusIntegrationTest {
    private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(90);

    @Autowired
    private WebServerApplicationContext context;

    @Test
    void testNothingLostWhileControlPlaneIsDownNorAcrossTrinoRestart() throws Exception {
        Response created = api().post("/api/v1/datasources", Map.of("name", unique("audit tpch"), "type", "tpch"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String catalog = created.json().get("catalog").asString();
        WebServer controlPlane = context.getWebServer();
        // the queries' user must be known to Trino before the control plane goes away (run first, this test met an
        // unknown user and an API that was down)
        Identities.ensureUser(api(), TEST_USER, "admin");
        // started again whatever fails, or every later test of this JVM meets a control plane that is down
        boolean down = false;
        try {
            // 1. the control plane is unreachable: queries go on, their records wait in the spool
            controlPlane.stop();
            down = true;
            List<TrinoOutcome> whileDown = runQueries(catalog);
            assertThat(SpooledRecords.traceTokens()).containsAll(tokens(whileDown));
            controlPlane.start();
            down = false;
            assertDeliveredOnce(whileDown);

            // 2. undelivered records survive a Trino restart
            controlPlane.stop();
            down = true;
            List<TrinoOutcome> beforeRestart = runQueries(catalog);
            trino().restart();
            assertThat(SpooledRecords.traceTokens()).containsAll(tokens(beforeRestart));
            controlPlane.start();
            down = false;
            assertDeliveredOnce(beforeRestart);
            assertDeliveredOnce(whileDown);
        } finally {
            if (down) {
                controlPlane.start();
            }
            api().delete("/api/v1/datasources/" + created.json().get("id").asString());
        }
    }

    @Test
    void testRedeliveryIsStoredOnceAndOnlyTrinoMayDeliver() {
        String queryId = "20260101_000000_" + UUID.randomUUID().toString().substring(0, 5) + "_test1";
        Map<String, Object> record = record(queryId, "alice", "FAILED", "2026-01-01T10:00:00Z", "SELECT 1");
        ApiClient trino = api().withKey(SharedTrino.get().internalToken());

        Response first = trino.post("/internal/v1/audit", List.of(record, record));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("stored").asInt()).isEqualTo(1);
        Response again = trino.post("/internal/v1/audit", List.of(record));
        assertThat(again.json().get("received").asInt()).isEqualTo(1);
        assertThat(again.json().get("stored").asInt()).isZero();

        Response one = api().get("/api/v1/audit/" + queryId);
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().get("user").asString()).isEqualTo("alice");
        assertThat(one.json().get("catalogs").get(0).asString()).isEqualTo("maria_sales");

        // the admin key is no credential on /internal/**, the internal token none on /api/**
        assertThat(api().post("/internal/v1/audit", List.of(record)).status()).isEqualTo(401);
        assertThat(trino.get("/api/v1/audit").status()).isEqualTo(401);
        // a bad record is refused on its own (TestAuditDelivery)
        Response malformed = trino.post("/internal/v1/audit", List.of(Map.of("queryId", "x")));
        assertThat(malformed.status()).isEqualTo(200);
        assertThat(malformed.json().get("rejected").get(0).get("reason").asString())
                .isEqualTo("user is required");
        Response missing = api().get("/api/v1/audit/nope");
        assertProblem(missing, 404, "AUDIT_RECORD_NOT_FOUND");
    }

    @Test
    void testFiltersAndPagingNewestFirst() {
        String run = UUID.randomUUID().toString().substring(0, 5);
        String user = "filter_" + run;
        ApiClient trino = api().withKey(SharedTrino.get().internalToken());
        List<Map<String, Object>> batch = new ArrayList<>();
        batch.add(record("20260102_000001_" + run + "_a", user, "SUCCEEDED", "2026-01-02T00:00:01Z", "SELECT 1"));
        batch.add(record("20260102_000002_" + run + "_b", user, "DENIED", "2026-01-02T00:00:02Z", "INSERT INTO x"));
        batch.add(record("20260102_000003_" + run + "_c", user, "FAILED", "2026-01-02T00:00:03Z", "SELECT Oops_"));
        assertThat(trino.post("/internal/v1/audit", batch).status()).isEqualTo(200);

        JsonNode all = api().get("/api/v1/audit?user=" + user + "&size=2").json();
        assertThat(all.get("totalItems").asLong()).isEqualTo(3);
        assertThat(all.get("totalPages").asInt()).isEqualTo(2);
        assertThat(ids(all)).containsExactly("20260102_000003_" + run + "_c", "20260102_000002_" + run + "_b");
        assertThat(ids(api().get("/api/v1/audit?user=" + user + "&size=2&page=1")
                        .json()))
                .containsExactly("20260102_000001_" + run + "_a");
        assertThat(ids(api().get("/api/v1/audit?user=" + user + "&state=denied").json()))
                .containsExactly("20260102_000002_" + run + "_b");
        assertThat(ids(api().get("/api/v1/audit?user=" + user + "&text=oops_").json()))
                .containsExactly("20260102_000003_" + run + "_c");
        assertThat(ids(api().get("/api/v1/audit?user=" + user + "&datasource=maria_sales&from=2026-01-02T00:00:02Z"
                                + "&to=2026-01-02T00:00:03Z")
                        .json()))
                .containsExactly("20260102_000002_" + run + "_b");
        assertThat(ids(api().get("/api/v1/audit?user=" + user + "&correlationId=corr-20260102_000001_" + run + "_a")
                        .json()))
                .containsExactly("20260102_000001_" + run + "_a");

        Response badState = api().get("/api/v1/audit?state=RUNNING");
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.json().get("code").asString()).isEqualTo("INVALID_AUDIT_FILTER");
        assertThat(api().get("/api/v1/audit?from=yesterday").json().get("code").asString())
                .isEqualTo("INVALID_AUDIT_FILTER");
        assertThat(api().get("/api/v1/audit?size=501").status()).isEqualTo(400);
    }

    @Test
    void testSyncPrincipalReadsAreNotAudited() throws Exception {
        // the catalog sync probes Trino every 500 ms in the tests; none of those SELECTs is in the trail
        Response create = api().post("/api/v1/datasources", Map.of("name", unique("sync audit"), "type", "tpch"));
        assertThat(create.status()).isEqualTo(201);
        String catalog = create.json().get("catalog").asString();
        Await.until(
                "the sync's CREATE CATALOG " + catalog + " is audited",
                DELIVERY_DEADLINE,
                () -> api().get("/api/v1/audit?user=" + SharedTrino.SYNC_PRINCIPAL + "&text="
                                        + URLEncoder.encode("create catalog \"" + catalog + "\"", UTF_8))
                                .json()
                                .get("totalItems")
                                .asLong()
                        == 1);
        JsonNode syncReads = api().get("/api/v1/audit?user=" + SharedTrino.SYNC_PRINCIPAL + "&state=SUCCEEDED&size=500")
                .json();
        for (JsonNode item : syncReads.get("items")) {
            assertThat(item.get("queryType").asString()).as(item.toString()).isNotEqualTo("SELECT");
        }
        // nor the probes it closes after the first row (Trino ends them as USER_CANCELED); real failures are kept
        JsonNode failedProbes = api().get(
                        "/api/v1/audit?user=" + SharedTrino.SYNC_PRINCIPAL + "&state=FAILED&text=version()&size=500")
                .json();
        for (JsonNode item : failedProbes.get("items")) {
            assertThat(item.get("errorCode").asString()).as(item.toString()).isNotEqualTo("USER_CANCELED");
        }
        api().delete("/api/v1/datasources/" + create.json().get("id").asString());
    }

    private static List<TrinoOutcome> runQueries(String catalog) throws SQLException {
        List<TrinoOutcome> outcomes = new ArrayList<>();
        try (Connection trino = trinoConnection()) {
            outcomes.add(TrinoOutcome.run(trino, "SELECT count(*) FROM " + catalog + ".tiny.nation"));
            outcomes.add(TrinoOutcome.run(trino, "SELECT name FROM " + catalog + ".tiny.region ORDER BY name"));
            outcomes.add(TrinoOutcome.run(trino, "CREATE TABLE " + catalog + ".tiny.copy AS SELECT 1 AS one"));
            outcomes.add(TrinoOutcome.run(trino, "SELECT * FROM no_such_catalog.s.t"));
        }
        assertThat(outcomes.get(0).succeeded()).isTrue();
        assertThat(outcomes.get(2).denied()).isTrue();
        assertThat(outcomes.get(3).succeeded()).isFalse();
        return outcomes;
    }

    private static void assertDeliveredOnce(List<TrinoOutcome> outcomes) throws Exception {
        for (TrinoOutcome outcome : outcomes) {
            String path = "/api/v1/audit?correlationId=" + outcome.traceToken();
            Await.until(
                    "audit record of " + outcome,
                    DELIVERY_DEADLINE,
                    () -> api().get(path).json().get("totalItems").asLong() > 0);
            JsonNode page = api().get(path).json();
            assertThat(page.get("totalItems").asLong()).as(outcome.toString()).isEqualTo(1);
            JsonNode record = page.get("items").get(0);
            String state = outcome.succeeded() ? "SUCCEEDED" : outcome.denied() ? "DENIED" : "FAILED";
            assertThat(record.get("state").asString()).as(record.toString()).isEqualTo(state);
            assertThat(record.get("user").asString()).isEqualTo(TEST_USER);
            assertThat(record.get("client").asString()).isEqualTo("trino-jdbc");
            assertThat(record.get("query").asString()).isEqualTo(outcome.sql());
        }
    }

    private static List<String> tokens(List<TrinoOutcome> outcomes) {
        return outcomes.stream().map(TrinoOutcome::traceToken).toList();
    }

    private static Map<String, Object> record(String queryId, String user, String state, String start, String query) {
        Map<String, Object> record = AuditRecordContract.minimalRecord(queryId, user);
        record.put("principal", user);
        record.put("source", "nexus-rest-api");
        record.put("client", "REST_API");
        record.put("correlationId", "corr-" + queryId);
        record.put("query", query);
        record.put("queryType", "SELECT");
        record.put("state", state);
        record.put("catalogs", List.of("maria_sales"));
        record.put("inputs", List.of("maria_sales.shop.orders"));
        record.put("rowsOut", 1);
        record.put("startTime", start);
        record.put("endTime", Instant.parse(start).plusMillis(20).toString());
        return record;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("queryId").asString()));
        return ids;
    }
}

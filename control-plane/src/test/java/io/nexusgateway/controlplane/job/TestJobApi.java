package io.nexusgateway.controlplane.job;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.Identities;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.controlplane.support.SourceConfigs;
import io.nexusgateway.testing.Await;
import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * The job API end to end on Trino as the engine: a MariaDB table copied into a PostgreSQL warehouse and aggregated
 * there, a failing and a cancelled job, idempotent retries, and every refusal before anything runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TestJobApi extends NexusIntegrationTest {
    private static final Duration JOB_DEADLINE = Duration.ofSeconds(90);
    private static final int ORDERS = 300;

    private final String user = unique("etl");
    private TestDatabase maria;
    private TestDatabase warehouse;
    private TestDatabase readOnlyWarehouse;
    private String mariaName;
    private String mariaCatalog;
    private String warehouseName;
    private String warehouseCatalog;
    private String readOnlyName;
    private String ungrantedName;
    private String ungrantedCatalog;
    private ApiClient userApi;

    @org.springframework.beans.factory.annotation.Autowired
    private JobRepository jobs;

    @org.springframework.beans.factory.annotation.Autowired
    private JobSupervisor supervisor;

    private final List<String> datasourceIds = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        maria = TestDatabases.mariadb().createDatabase("nexus_jobs_src");
        warehouse = TestDatabases.postgresql().createDatabase("nexus_jobs_dw");
        readOnlyWarehouse = TestDatabases.postgresql().createDatabase("nexus_jobs_ro");
        try (Connection connection = maria.openConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(40) NOT NULL,"
                    + " amount DECIMAL(12,2) NOT NULL, created DATETIME(3) NOT NULL, note VARCHAR(100))");
            StringBuilder insert = new StringBuilder("INSERT INTO orders VALUES ");
            for (int i = 1; i <= ORDERS; i++) {
                insert.append(i == 1 ? "" : ",")
                        .append("(")
                        .append(i)
                        .append(", '")
                        .append(customer(i))
                        .append("', ")
                        .append(amount(i))
                        .append(", '2026-01-")
                        .append(String.format("%02d", 1 + i % 28))
                        .append(" 10:00:00.125', ")
                        .append(i % 10 == 0 ? "NULL" : "'Grüße №" + i + "'")
                        .append(")");
            }
            statement.execute(insert.toString());
        }
        mariaName = unique("jobs maria");
        mariaCatalog = register(mariaName, "mariadb", maria, false);
        warehouseName = unique("jobs warehouse");
        warehouseCatalog = register(warehouseName, "postgresql", warehouse, true);
        readOnlyName = unique("jobs readonly");
        register(readOnlyName, "postgresql", readOnlyWarehouse, false);
        ungrantedName = unique("jobs ungranted");
        ungrantedCatalog = register(ungrantedName, "mariadb", maria, false);

        Identities.createUser(api(), user, List.of("user"), List.of());
        userApi = api().withKey(Identities.apiKey(api(), user));
        for (String name : List.of(mariaName, warehouseName, readOnlyName)) {
            Identities.grantUser(api(), idOf(name), user);
        }
        Identities.awaitKnownToTrino(user);
        Identities.awaitCatalogVisible(user, mariaCatalog);
        Identities.awaitCatalogVisible(user, warehouseCatalog);
    }

    @AfterAll
    void tearDown() {
        datasourceIds.forEach(id -> api().delete("/api/v1/datasources/" + id));
        for (TestDatabase database : new TestDatabase[] {maria, warehouse, readOnlyWarehouse}) {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void testSupervisorRunsJobsAfterAStopAndStart() throws Exception {
        // Spring stops and starts lifecycle beans on context.stop()/start() and when a test context pauses
        supervisor.stop();
        supervisor.start();
        Response submitted = userApi.post("/api/v1/jobs", copy(unique("restarted"), null));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        JsonNode done = awaitEnded(submitted.json().get("id").asString());
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("progress").get("rows").asLong()).isEqualTo(ORDERS);
    }

    @Test
    void testCopyAndAggregationRunOnTrino() throws Exception {
        Response submitted = userApi.post("/api/v1/jobs", copy("orders_copy", null));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        JsonNode job = submitted.json();
        assertThat(submitted.header("Location"))
                .isEqualTo("/api/v1/jobs/" + job.get("id").asString());
        assertThat(job.get("state").asString()).isEqualTo("SUBMITTED");
        assertThat(job.get("kind").asString()).isEqualTo("copy");
        assertThat(job.get("owner").asString()).isEqualTo(user);
        assertThat(job.get("inputs").get(0).asString()).isEqualTo(mariaCatalog + "." + schema(maria) + ".orders");
        // Trino's MariaDB connector reads the table's statistics: a small input stays on Trino
        assertThat(job.get("routing").get("engine").asString()).isEqualTo("trino");
        assertThat(job.get("routing").get("reason").asString())
                .matches("trino: estimated input [0-9.]+ kB <= 1 GB threshold");

        JsonNode done = awaitEnded(job.get("id").asString());
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("engine").get("adapter").asString()).isEqualTo("trino");
        String queryId = done.get("engine").get("jobId").asString();
        assertThat(queryId).matches("\\d{8}_\\d{6}_\\d{5}_\\w{5}");
        assertThat(done.get("engine").get("uiUrl").asString()).endsWith("/ui/query.html?" + queryId);
        assertThat(done.get("progress").get("rows").asLong()).isEqualTo(ORDERS);
        assertThat(done.get("progress").get("percent").asDouble()).isEqualTo(100.0);
        assertThat(done.get("timings").get("finishedAt").asString()).isNotBlank();
        assertThat(done.get("error").isNull()).isTrue();

        try (Connection connection = warehouse.openConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT id, customer, amount, created, note FROM public.orders_copy ORDER BY id")) {
            int count = 0;
            while (rows.next()) {
                count++;
                int id = rows.getInt("id");
                assertThat(rows.getString("customer")).isEqualTo(customer(id));
                assertThat(rows.getBigDecimal("amount")).isEqualByComparingTo(amount(id));
                assertThat(rows.getTimestamp("created").toLocalDateTime().toString())
                        .isEqualTo("2026-01-" + String.format("%02d", 1 + id % 28) + "T10:00:00.125");
                assertThat(rows.getString("note")).isEqualTo(id % 10 == 0 ? null : "Grüße №" + id);
            }
            assertThat(count).isEqualTo(ORDERS);
        }

        // the job's own audit record, and Trino's record of the INSERT it ran
        JsonNode audited = awaitAudit("job_" + job.get("id").asString());
        assertThat(audited.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(audited.get("user").asString()).isEqualTo(user);
        assertThat(audited.get("client").asString()).isEqualTo("JOB_API");
        assertThat(audited.get("rowsOut").asLong()).isEqualTo(ORDERS);
        assertThat(audited.get("output").asString()).isEqualTo(warehouseCatalog + ".public.orders_copy");
        assertThat(audited.get("clientInfo").asString()).isEqualTo("trino (trino)");
        JsonNode trinoRecord = awaitAudit(queryId);
        assertThat(trinoRecord.get("queryType").asString()).isEqualTo("INSERT");
        assertThat(trinoRecord.get("source").asString()).isEqualTo("nexus-jobs");

        // an aggregation over the copy, written into a table the job creates
        Map<String, Object> aggregation = new LinkedHashMap<>();
        aggregation.put(
                "sql",
                "SELECT customer, count(*) AS orders, sum(amount) AS total FROM " + warehouseCatalog
                        + ".public.orders_copy GROUP BY customer");
        aggregation.put("target", target(warehouseName, "customer_totals"));
        aggregation.put("writeMode", "overwrite");
        // the copy has no statistics: without a request, jobs of unknown size go to Spark
        aggregation.put("engine", "trino");
        Response totals = userApi.post("/api/v1/jobs", aggregation);
        assertThat(totals.status()).as(totals.body()).isEqualTo(201);
        assertThat(totals.json().get("kind").asString()).isEqualTo("query");
        assertThat(awaitEnded(totals.json().get("id").asString()).get("state").asString())
                .isEqualTo("SUCCEEDED");
        // overwrite: a second run replaces the rows instead of doubling them
        aggregation.put("name", "again");
        Response again = userApi.post("/api/v1/jobs", aggregation);
        assertThat(awaitEnded(again.json().get("id").asString()).get("state").asString())
                .isEqualTo("SUCCEEDED");
        Map<String, String> expected = new HashMap<>();
        for (int i = 1; i <= ORDERS; i++) {
            expected.merge(customer(i), "1", (a, b) -> Integer.toString(Integer.parseInt(a) + 1));
        }
        try (Connection connection = warehouse.openConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT customer, orders, total FROM public.customer_totals ORDER BY customer")) {
            Map<String, String> actual = new HashMap<>();
            while (rows.next()) {
                actual.put(rows.getString("customer"), Long.toString(rows.getLong("orders")));
                java.math.BigDecimal total = java.math.BigDecimal.ZERO;
                for (int i = 1; i <= ORDERS; i++) {
                    if (customer(i).equals(rows.getString("customer"))) {
                        total = total.add(amount(i));
                    }
                }
                assertThat(rows.getBigDecimal("total")).isEqualByComparingTo(total);
            }
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void testFailingJobFailsWithTrinosMessage() throws Exception {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("sql", "SELECT CAST(note AS integer) AS broken FROM " + mariaCatalog + "." + schema(maria) + ".orders");
        job.put("target", target(warehouseName, unique("broken")));
        Response submitted = userApi.post("/api/v1/jobs", job);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);

        JsonNode done = awaitEnded(submitted.json().get("id").asString());
        assertThat(done.get("state").asString()).isEqualTo("FAILED");
        assertThat(done.get("error").get("code").asString()).isEqualTo("ENGINE_FAILED");
        assertThat(done.get("error").get("message").asString()).contains("Cannot cast");
        JsonNode audited = awaitAudit("job_" + submitted.json().get("id").asString());
        assertThat(audited.get("state").asString()).isEqualTo("FAILED");
        assertThat(audited.get("errorMessage").asString()).contains("Cannot cast");
    }

    @Test
    void testCancelStopsTheQueryInTrino() throws Exception {
        // 300^3 rows: minutes of work, long enough to be cancelled while it runs
        String orders = mariaCatalog + "." + schema(maria) + ".orders";
        Map<String, Object> job = new LinkedHashMap<>();
        job.put(
                "sql",
                "SELECT a.id AS a, b.id AS b, c.id AS c FROM " + orders + " a CROSS JOIN " + orders + " b CROSS JOIN "
                        + orders + " c");
        job.put("target", target(warehouseName, unique("slow")));
        Response submitted = userApi.post("/api/v1/jobs", job);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        String id = submitted.json().get("id").asString();
        JsonNode running = Await.until(
                "job " + id + " running",
                JOB_DEADLINE,
                () -> userApi.get("/api/v1/jobs/" + id).json(),
                view -> view.get("state").asString().equals("RUNNING"));
        String queryId = running.get("engine").get("jobId").asString();

        Response cancel = userApi.post("/api/v1/jobs/" + id + "/cancel", null);
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(202);
        JsonNode done = awaitEnded(id);
        assertThat(done.get("state").asString()).isEqualTo("CANCELLED");
        // Trino itself ended the query as canceled by its user
        try (Connection trino = trinoConnection();
                Statement statement = trino.createStatement()) {
            Await.until("Trino's query " + queryId + " canceled", JOB_DEADLINE, () -> {
                try (ResultSet rows = statement.executeQuery(
                        "SELECT state, error_code FROM system.runtime.queries WHERE query_id = '" + queryId + "'")) {
                    return rows.next()
                            && rows.getString(1).equals("FAILED")
                            && "USER_CANCELED".equals(rows.getString(2));
                }
            });
        }
        assertProblem(userApi.post("/api/v1/jobs/" + id + "/cancel", null), 409, "JOB_ENDED");
    }

    @Test
    void testIdempotencyKeyAnswersTheSameJob() {
        Map<String, Object> job = copy(unique("idem"), "nightly-" + unique("k"));
        Response first = userApi.post("/api/v1/jobs", job);
        Response retry = userApi.post("/api/v1/jobs", job);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());

        Map<String, Object> different = new LinkedHashMap<>(job);
        different.put("writeMode", "overwrite");
        assertProblem(userApi.post("/api/v1/jobs", different), 422, "IDEMPOTENCY_KEY_REUSED");
        // the header does the same
        Response byHeader = userApi.send(
                "POST", "/api/v1/jobs", copy(unique("idem"), null), Map.of("Idempotency-Key", "h-" + unique("k")));
        assertThat(byHeader.status()).isEqualTo(201);
    }

    @Test
    void testRefusalsRunNothing() throws Exception {
        long before =
                userApi.get("/api/v1/jobs?size=1").json().get("totalItems").asLong();
        String orders = mariaCatalog + "." + schema(maria) + ".orders";

        Response readOnly = userApi.post(
                "/api/v1/jobs", Map.of("sql", "SELECT * FROM " + orders, "target", target(readOnlyName, "t")));
        assertProblem(readOnly, 403, "TARGET_READ_ONLY");
        assertThat(readOnly.json().get("field").asString()).isEqualTo("target.datasource");

        Response ungrantedSource = userApi.post(
                "/api/v1/jobs",
                Map.of(
                        "source",
                        Map.of("datasource", ungrantedName, "schema", schema(maria), "table", "orders"),
                        "target",
                        target(warehouseName, "never")));
        assertProblem(ungrantedSource, 403, "PERMISSION_DENIED");
        // read in SQL, the ungranted catalog is refused by Trino's access control
        String ungrantedOrders = ungrantedCatalog + "." + schema(maria) + ".orders";
        assertProblem(
                userApi.post(
                        "/api/v1/jobs",
                        Map.of("sql", "SELECT * FROM " + ungrantedOrders, "target", target(warehouseName, "never"))),
                403,
                "PERMISSION_DENIED");

        assertProblem(
                userApi.post("/api/v1/jobs", Map.of("sql", "SELECT 1", "target", target("no such datasource", "t"))),
                404,
                "DATASOURCE_NOT_FOUND");
        assertProblem(
                userApi.post(
                        "/api/v1/jobs",
                        Map.of("sql", "DELETE FROM " + orders, "target", target(warehouseName, "never"))),
                400,
                "SQL_SYNTAX_ERROR");
        assertProblem(
                userApi.post(
                        "/api/v1/jobs",
                        Map.of(
                                "sql",
                                "SELECT * FROM " + mariaCatalog + "." + schema(maria) + ".missing",
                                "target",
                                target(warehouseName, "never"))),
                404,
                "TABLE_NOT_FOUND");
        assertProblem(
                userApi.post(
                        "/api/v1/jobs",
                        Map.of("sql", "SELECT 1 AS x", "target", target(warehouseName, "never"), "engine", "hadoop")),
                400,
                "UNKNOWN_ENGINE");
        assertProblem(
                userApi.post(
                        "/api/v1/jobs",
                        Map.of(
                                "sql",
                                "SELECT * FROM " + orders,
                                "target",
                                target(warehouseName, "never"),
                                "engine",
                                "spark",
                                "streaming",
                                true)),
                400,
                "ENGINE_CANNOT_RUN_JOB");
        // an engine that is not enabled is refused as well: TestJobRouter (every engine is enabled here)
        Response both = userApi.post(
                "/api/v1/jobs",
                Map.of(
                        "sql",
                        "SELECT 1",
                        "source",
                        Map.of("datasource", mariaName, "schema", "s", "table", "t"),
                        "target",
                        target(warehouseName, "never")));
        assertProblem(both, 400, "INVALID_JOB");
        assertThat(both.json().get("field").asString()).isEqualTo("sql");
        Response noTable = userApi.post(
                "/api/v1/jobs",
                Map.of("sql", "SELECT 1", "target", Map.of("datasource", warehouseName, "schema", "public")));
        assertProblem(noTable, 400, "INVALID_JOB");
        assertThat(noTable.json().get("field").asString()).isEqualTo("target.table");
        assertProblem(
                userApi.post(
                        "/api/v1/jobs",
                        Map.of("sql", "SELECT 1", "target", target(warehouseName, "never"), "writeMode", "merge")),
                400,
                "INVALID_JOB");

        assertThat(userApi.get("/api/v1/jobs?size=1").json().get("totalItems").asLong())
                .isEqualTo(before);
        // nothing was created in the warehouse
        try (Connection connection = warehouse.openConnection();
                ResultSet tables = connection.getMetaData().getTables(null, "public", "never", null)) {
            assertThat(tables.next()).isFalse();
        }
        // the refused accesses are in the audit trail
        Await.until("denied jobs audited", JOB_DEADLINE, () -> {
            JsonNode page = api().get("/api/v1/audit?user=" + user + "&state=DENIED&size=50")
                    .json();
            int jobs = 0;
            for (JsonNode record : page.get("items")) {
                jobs += record.get("client").asString().equals("JOB_API") ? 1 : 0;
            }
            return jobs >= 2;
        });
    }

    @Test
    void testJobItsEngineLostFails() throws Exception {
        // a job whose stored handle names a query Trino does not know (its record expired, Trino was reset)
        Response submitted = userApi.post("/api/v1/jobs", copy(unique("lost"), null));
        String id = submitted.json().get("id").asString();
        assertThat(awaitEnded(id).get("state").asString()).isEqualTo("SUCCEEDED");
        JobRow done = jobs.findById(java.util.UUID.fromString(id)).orElseThrow();
        java.time.Instant now = java.time.Instant.now();
        JobRow lost = new JobRow(
                java.util.UUID.randomUUID(),
                "lost",
                user,
                null,
                "x",
                JobKind.COPY,
                done.query(),
                done.targetCatalog(),
                done.targetSchema(),
                done.targetTable(),
                "append",
                false,
                done.inputs(),
                null,
                io.nexusgateway.engines.Engine.TRINO,
                "test",
                "trino",
                JobState.RUNNING,
                "20200101_000000_00000_xxxxx",
                "{\"adapter\":\"trino\",\"engineJobId\":\"20200101_000000_00000_xxxxx\",\"attributes\":{\"user\":\""
                        + user + "\"}}",
                null,
                null,
                null,
                null,
                null,
                null,
                false,
                now,
                now,
                now,
                null,
                now,
                0);
        jobs.insert(lost);
        supervisor.wake();

        JsonNode failed = awaitEnded(lost.id().toString());
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("error").get("code").asString()).isEqualTo("ENGINE_LOST");
        assertThat(failed.get("error").get("message").asString())
                .isEqualTo("Trino no longer knows query 20200101_000000_00000_xxxxx");
    }

    @Test
    void testUsersSeeOnlyTheirOwnJobs() {
        Response submitted = userApi.post("/api/v1/jobs", copy(unique("mine"), null));
        String id = submitted.json().get("id").asString();
        String other = unique("other");
        Identities.createUser(api(), other, List.of("user"), List.of());
        ApiClient otherApi = api().withKey(Identities.apiKey(api(), other));

        assertProblem(otherApi.get("/api/v1/jobs/" + id), 404, "JOB_NOT_FOUND");
        assertProblem(otherApi.post("/api/v1/jobs/" + id + "/cancel", null), 404, "JOB_NOT_FOUND");
        assertThat(otherApi.get("/api/v1/jobs").json().get("totalItems").asLong())
                .isZero();
        assertThat(api().get("/api/v1/jobs/" + id).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/jobs?owner=" + user)
                        .json()
                        .get("totalItems")
                        .asLong())
                .isPositive();
        assertProblem(userApi.get("/api/v1/jobs?state=PAUSED"), 400, "INVALID_JOB");
        assertProblem(userApi.get("/api/v1/jobs/not-a-uuid"), 400, "MALFORMED_REQUEST");
        Response logs = userApi.get("/api/v1/jobs/" + id + "/logs");
        assertThat(logs.status()).as(logs.body()).isEqualTo(200);
    }

    private JsonNode awaitEnded(String id) throws Exception {
        return Await.until(
                "job " + id + " ended",
                JOB_DEADLINE,
                () -> userApi.get("/api/v1/jobs/" + id).json(),
                view -> List.of("SUCCEEDED", "FAILED", "CANCELLED")
                        .contains(view.get("state").asString()));
    }

    private static JsonNode awaitAudit(String queryId) throws Exception {
        return Await.until(
                        "audit record " + queryId,
                        JOB_DEADLINE,
                        () -> api().get("/api/v1/audit/" + queryId),
                        response -> response.status() == 200)
                .json();
    }

    private Map<String, Object> copy(String table, String idempotencyKey) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("source", Map.of("datasource", mariaName, "schema", schema(maria), "table", "orders"));
        job.put("target", target(warehouseName, table));
        if (idempotencyKey != null) {
            job.put("idempotencyKey", idempotencyKey);
        }
        return job;
    }

    private static Map<String, Object> target(String datasource, String table) {
        return Map.of("datasource", datasource, "schema", "public", "table", table);
    }

    private String register(String name, String type, TestDatabase database, boolean writable) {
        Response created = api().post(
                        "/api/v1/datasources",
                        Map.of("name", name, "type", type, "writable", writable, "config", SourceConfigs.of(database)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        datasourceIds.add(created.json().get("id").asString());
        return created.json().get("catalog").asString();
    }

    private String idOf(String name) {
        for (JsonNode datasource :
                api().get("/api/v1/datasources?size=500").json().get("items")) {
            if (datasource.get("name").asString().equals(name)) {
                return datasource.get("id").asString();
            }
        }
        throw new AssertionError("no datasource " + name);
    }

    private static String schema(TestDatabase mariaDatabase) {
        return mariaDatabase.databaseName().toLowerCase(java.util.Locale.ROOT);
    }

    private static String customer(int id) {
        return "customer-" + (id % 7);
    }

    private static java.math.BigDecimal amount(int id) {
        return java.math.BigDecimal.valueOf(id * 137L % 10_000, 2);
    }
}

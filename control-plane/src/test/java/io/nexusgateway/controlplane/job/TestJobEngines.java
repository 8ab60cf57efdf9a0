package io.nexusgateway.controlplane.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.Identities;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.controlplane.support.SourceConfigs;
import io.nexusgateway.engines.runtime.FlinkSqlGateway;
import io.nexusgateway.engines.runtime.LivyServer;
import io.nexusgateway.engines.runtime.SparkConnectServer;
import io.nexusgateway.testing.Await;
import io.nexusgateway.testing.SharedFlinkSqlGateway;
import io.nexusgateway.testing.SharedLivy;
import io.nexusgateway.testing.SharedSparkConnect;
import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Jobs on the engines besides Trino, through the job API: the MariaDB → PostgreSQL copy and an aggregation the Trino
 * tests run, on each engine adapter, with values checked in the target. The databases' logins have a canary password
 * that no API answer, audit record, job file, engine log or process command line may show.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TestJobEngines extends NexusIntegrationTest {
    private static final Duration JOB_DEADLINE = Duration.ofMinutes(4);
    private static final int ORDERS = 200;

    private final String user = unique("engines");
    private final List<String> jobIds = new ArrayList<>();
    private String canary;
    private TestDatabase maria;
    private TestDatabase warehouse;
    private String mariaName;
    private String mariaCatalog;
    private String warehouseName;
    private ApiClient userApi;
    private final List<String> datasourceIds = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        canary = "canary-" + HexFormat.of().formatHex(random);
        maria = TestDatabases.mariadb().createDatabase("nexus_eng_src", canary);
        warehouse = TestDatabases.postgresql().createDatabase("nexus_eng_dw", canary);
        try (Connection connection = maria.openConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(40) NOT NULL,"
                    + " amount DECIMAL(12,2) NOT NULL, note VARCHAR(100))");
            StringBuilder insert = new StringBuilder("INSERT INTO orders VALUES ");
            for (int i = 1; i <= ORDERS; i++) {
                insert.append(i == 1 ? "" : ",")
                        .append("(")
                        .append(i)
                        .append(", '")
                        .append(customer(i))
                        .append("', ")
                        .append(amount(i))
                        .append(", ")
                        .append(i % 10 == 0 ? "NULL" : "'Grüße №" + i + "'")
                        .append(")");
            }
            statement.execute(insert.toString());
        }
        mariaName = unique("eng maria");
        mariaCatalog = register(mariaName, "mariadb", maria, false);
        warehouseName = unique("eng warehouse");
        String warehouseCatalog = register(warehouseName, "postgresql", warehouse, true);
        Identities.createUser(api(), user, List.of("user"), List.of());
        userApi = api().withKey(Identities.apiKey(api(), user));
        for (String id : datasourceIds) {
            Identities.grantUser(api(), id, user);
        }
        Identities.awaitCatalogVisible(user, mariaCatalog);
        Identities.awaitCatalogVisible(user, warehouseCatalog);
    }

    @AfterAll
    void tearDown() {
        datasourceIds.forEach(id -> api().delete("/api/v1/datasources/" + id));
        for (TestDatabase database : new TestDatabase[] {maria, warehouse}) {
            if (database != null) {
                database.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"spark-connect", "spark-livy", "flink-sql-gateway"})
    void testCopyAndAggregation(String adapter) throws Exception {
        startEngine(adapter);
        String copyTable = "orders_" + adapter.replace('-', '_');
        Map<String, Object> copy = new LinkedHashMap<>();
        copy.put("source", Map.of("datasource", mariaName, "schema", schema(maria), "table", "orders"));
        copy.put("target", target(copyTable));
        copy.put("engine", adapter);
        Response submitted = userApi.post("/api/v1/jobs", copy);
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
        JsonNode done = awaitEnded(submitted.json().get("id").asString());
        assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("engine").get("adapter").asString()).isEqualTo(adapter);
        assertThat(done.get("engine").get("jobId").asString()).isNotBlank();
        assertThat(done.get("routing").get("reason").asString()).contains("requested");
        try (Connection connection = warehouse.openConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT id, customer, amount, note FROM public." + copyTable + " ORDER BY id")) {
            int count = 0;
            while (rows.next()) {
                count++;
                int id = rows.getInt("id");
                assertThat(id).isEqualTo(count);
                assertThat(rows.getString("customer")).isEqualTo(customer(id));
                assertThat(rows.getBigDecimal("amount")).isEqualByComparingTo(amount(id));
                assertThat(rows.getString("note")).isEqualTo(id % 10 == 0 ? null : "Grüße №" + id);
            }
            assertThat(count).isEqualTo(ORDERS);
        }
        JsonNode audited = Await.until(
                        "the job's audit record",
                        JOB_DEADLINE,
                        () -> api().get("/api/v1/audit/job_" + done.get("id").asString()),
                        response -> response.status() == 200)
                .json();
        assertThat(audited.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(audited.get("user").asString()).isEqualTo(user);

        // an aggregation from the source, written twice in overwrite mode: the second run replaces the rows
        String totalsTable = "totals_" + adapter.replace('-', '_');
        Map<String, Object> aggregation = new LinkedHashMap<>();
        aggregation.put(
                "sql",
                "SELECT customer, count(*) AS orders, sum(amount) AS total FROM " + mariaCatalog + "." + schema(maria)
                        + ".orders GROUP BY customer");
        aggregation.put("target", target(totalsTable));
        aggregation.put("writeMode", "overwrite");
        aggregation.put("engine", adapter);
        for (String name : List.of("first", "second")) {
            aggregation.put("name", name);
            Response totals = userApi.post("/api/v1/jobs", aggregation);
            assertThat(totals.status()).as(totals.body()).isEqualTo(201);
            JsonNode ended = awaitEnded(totals.json().get("id").asString());
            assertThat(ended.get("state").asString()).as(ended.toString()).isEqualTo("SUCCEEDED");
        }
        Map<String, BigDecimal> expected = new HashMap<>();
        Map<String, Long> expectedCounts = new HashMap<>();
        for (int i = 1; i <= ORDERS; i++) {
            expected.merge(customer(i), amount(i), BigDecimal::add);
            expectedCounts.merge(customer(i), 1L, Long::sum);
        }
        try (Connection connection = warehouse.openConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT customer, orders, total FROM public." + totalsTable)) {
            Map<String, BigDecimal> actual = new HashMap<>();
            while (rows.next()) {
                String customer = rows.getString("customer");
                assertThat(rows.getLong("orders")).as(customer).isEqualTo(expectedCounts.get(customer));
                assertThat(actual.put(customer, rows.getBigDecimal("total")))
                        .as("one row per customer")
                        .isNull();
            }
            assertThat(actual).hasSameSizeAs(expected);
            expected.forEach((customer, total) ->
                    assertThat(actual.get(customer)).as(customer).isEqualByComparingTo(total));
        }

        assertNoCanaryOnAnySurface(adapter);
    }

    private void assertNoCanaryOnAnySurface(String adapter) throws IOException {
        Map<String, String> surfaces = new LinkedHashMap<>();
        surfaces.put("GET /api/v1/jobs", userApi.get("/api/v1/jobs?size=100").body());
        for (String id : jobIds) {
            surfaces.put(
                    "GET /api/v1/jobs/" + id, userApi.get("/api/v1/jobs/" + id).body());
            Response logs = userApi.get("/api/v1/jobs/" + id + "/logs");
            assertThat(logs.status()).as(logs.body()).isEqualTo(200);
            surfaces.put("GET /api/v1/jobs/" + id + "/logs", logs.body());
            surfaces.put(
                    "audit of job " + id, api().get("/api/v1/audit/job_" + id).body());
        }
        assertThat(surfaces.get("GET /api/v1/jobs/" + jobIds.getFirst() + "/logs"))
                .as("the engine's log lines reach the API")
                .isNotEqualTo("[]");
        try (Stream<Path> files = Files.walk(runDirectory().resolve("jobs"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                surfaces.put("job file " + file, Files.readString(file, UTF_8));
            }
        }
        if (adapter.equals("spark-connect")) {
            SparkConnectServer server = SharedSparkConnect.get();
            surfaces.put("Spark Connect server log", Files.readString(server.logFile(), UTF_8));
            try (Stream<Path> files = Files.walk(server.eventLogDir())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    surfaces.put("Spark event log " + file, Files.readString(file, UTF_8));
                }
            }
        }
        if (adapter.equals("spark-livy")) {
            LivyServer livy = SharedLivy.get();
            surfaces.put("Livy's batches", get(livy.url().resolve("batches?size=1000")));
            surfaces.put("Livy's log", Files.readString(livy.logFile(), UTF_8));
            try (Stream<Path> files = Files.walk(livy.eventLogDir())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    surfaces.put("Spark event log " + file, Files.readString(file, UTF_8));
                }
            }
        }
        if (adapter.equals("flink-sql-gateway")) {
            FlinkSqlGateway flink = SharedFlinkSqlGateway.get();
            surfaces.put("the Flink gateway's log", Files.readString(flink.logFile(), UTF_8));
            surfaces.put(
                    "the Flink cluster's configuration", get(flink.clusterUrl().resolve("jobmanager/config")));
            JsonNode overview = tools.jackson.databind.json.JsonMapper.builder()
                    .build()
                    .readTree(get(flink.clusterUrl().resolve("jobs/overview")));
            assertThat(overview.get("jobs")).as("Flink's jobs").isNotEmpty();
            for (JsonNode job : overview.get("jobs")) {
                String id = job.get("jid").asString();
                for (String part : List.of("", "/config", "/plan", "/exceptions")) {
                    surfaces.put(
                            "Flink's /jobs/" + id + part, get(flink.clusterUrl().resolve("jobs/" + id + part)));
                }
            }
        }
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes
                    .filter(path -> path.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    surfaces.put(
                            "command line of " + process,
                            new String(Files.readAllBytes(process.resolve("cmdline")), UTF_8));
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
        }
        assertThat(surfaces).isNotEmpty();
        surfaces.forEach((surface, text) ->
                assertThat(text).as("the canary on %s", surface).doesNotContain(canary));
    }

    private static String get(java.net.URI uri) {
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(
                            java.net.http.HttpRequest.newBuilder(uri).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void startEngine(String adapter) {
        switch (adapter) {
            case "spark-connect" -> SharedSparkConnect.get();
            case "spark-livy" -> SharedLivy.get();
            case "flink-sql-gateway" -> SharedFlinkSqlGateway.get();
            default -> throw new IllegalArgumentException("no engine for adapter " + adapter);
        }
    }

    private JsonNode awaitEnded(String id) throws Exception {
        jobIds.add(id);
        return Await.until(
                "job " + id + " ended",
                JOB_DEADLINE,
                () -> userApi.get("/api/v1/jobs/" + id).json(),
                job -> job.get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"));
    }

    private String register(String name, String type, TestDatabase database, boolean writable) {
        Response created = api().post(
                        "/api/v1/datasources",
                        Map.of("name", name, "type", type, "writable", writable, "config", SourceConfigs.of(database)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        datasourceIds.add(created.json().get("id").asString());
        return created.json().get("catalog").asString();
    }

    private Map<String, Object> target(String table) {
        return Map.of("datasource", warehouseName, "schema", "public", "table", table);
    }

    private static String schema(TestDatabase database) {
        return database.databaseName().toLowerCase(java.util.Locale.ROOT);
    }

    private static String customer(int id) {
        return "customer-" + (id % 7);
    }

    private static BigDecimal amount(int id) {
        return new BigDecimal(id).add(new BigDecimal("0.25"));
    }
}

package io.nexusgateway.engines.flink;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.connectors.EngineConnection;
import io.nexusgateway.engines.AwaitStatus;
import io.nexusgateway.engines.CredentialExchangeServer;
import io.nexusgateway.engines.EngineDatasource;
import io.nexusgateway.engines.EngineException;
import io.nexusgateway.engines.EngineHandle;
import io.nexusgateway.engines.EngineJob;
import io.nexusgateway.engines.EngineJobState;
import io.nexusgateway.engines.EngineStatus;
import io.nexusgateway.engines.EngineTable;
import io.nexusgateway.engines.Orders;
import io.nexusgateway.engines.runtime.FlinkSqlGateway;
import io.nexusgateway.testing.SharedFlinkSqlGateway;
import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Flink SQL Gateway adapter against a real Flink 2.0 SQL Gateway with its session cluster (shared per JVM),
 * MariaDB and PostgreSQL, with logins whose password is a canary that must not show on any surface. The canary test
 * runs last, so it also sees what the other tests' jobs left on the gateway and the cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class TestFlinkSqlGatewayEngineAdapter {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);
    private static final String SOURCE_CATALOG = "shop_mariadb";
    private static final String TARGET_CATALOG = "warehouse_pg";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    // reads the wide column whole (substr is not pushed down to MariaDB), so each row's sleep is paid as it streams
    private static final String SLOW_SELECT =
            "SELECT id, name, category, amount, created_at, substr(slept, 1, 1) AS note FROM ";

    private static FlinkSqlGateway gateway;
    private static CredentialExchangeServer exchange;
    private static String canary;
    private static TestDatabase source;
    private static TestDatabase target;
    private static FlinkSqlGatewayEngineAdapter adapter;
    private static final List<EngineHandle> submitted = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        gateway = SharedFlinkSqlGateway.get();
        System.err.println(
                "MEASURE flink-sql-gateway startup: " + gateway.startupTime().toMillis() + " ms");
        exchange = CredentialExchangeServer.start();
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        canary = "canary-" + HexFormat.of().formatHex(random);
        source = TestDatabases.mariadb().createDatabase("flsrc", canary);
        target = TestDatabases.postgresql().createDatabase("fldst", canary);
        createSource();
        createTargets();
        adapter = new FlinkSqlGatewayEngineAdapter(gateway.gatewayUrl(), gateway.clusterUrl(), Duration.ofMinutes(2));
    }

    @AfterAll
    static void tearDown() {
        if (exchange != null) {
            exchange.close();
        }
        if (source != null) {
            source.close();
        }
        if (target != null) {
            target.close();
        }
    }

    @Test
    @Order(1)
    void testCopyFromMariaDbToPostgresql() throws Exception {
        EngineJob job = job(
                "SELECT id, name, category, amount, created_at, note FROM " + orders().quotedName(),
                targetTable("orders_copy", Orders.COLUMNS),
                EngineJob.WriteMode.APPEND,
                false);
        Instant submittedAt = Instant.now();
        EngineHandle handle = submit(job);
        Instant acceptedAt = Instant.now();
        assertThat(handle.adapter()).isEqualTo("flink-sql-gateway");
        assertThat(handle.engineJobId()).matches("[0-9a-f]{32}");
        assertThat(handle.attribute("sessionHandle")).isPresent();
        assertThat(handle.attribute("operationHandle")).isPresent();
        assertThat(handle.attribute("pipelineName")).hasValue("nexus-job-" + job.id());
        assertThat(handle.uiUrl())
                .hasValue(gateway.clusterUrl() + "#/job/running/" + handle.engineJobId() + "/overview");
        EngineStatus running = await(handle, status -> status.state() != EngineJobState.QUEUED);
        Instant runningAt = Instant.now();
        EngineStatus done = await(handle, status -> status.state().isTerminal());
        Instant finished = Instant.now();
        System.err.printf(
                "MEASURE flink copy of %d rows: submit answered in %d ms, submit->%s %d ms, total wall time %d ms%n",
                Orders.ROWS,
                Duration.between(submittedAt, acceptedAt).toMillis(),
                running.state(),
                Duration.between(submittedAt, runningAt).toMillis(),
                Duration.between(submittedAt, finished).toMillis());

        assertThat(done.state())
                .as("%s, log %s", done, adapter.logs(handle, 50))
                .isEqualTo(EngineJobState.SUCCEEDED);
        assertThat(done.progressPercent()).hasValue(100);
        assertThat(done.handle().uiUrl())
                .hasValue(gateway.clusterUrl() + "#/job/completed/" + handle.engineJobId() + "/overview");
        // the dashboard the link opens
        assertThat(clusterGetText("")).contains("<title>Apache Flink Web Dashboard</title>");
        JsonNode flinkJob = clusterGet("jobs/" + handle.engineJobId());
        assertThat(flinkJob.path("name").asString()).isEqualTo("nexus-job-" + job.id());
        assertThat(flinkJob.path("job-type").asString()).isEqualTo("BATCH");
        Orders.assertCopied(target, "orders_copy");
    }

    @Test
    @Order(2)
    void testAggregationOverwrites() throws Exception {
        try (Connection connection = target.openConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO orders_by_category VALUES ('stale', 1, 1.00)");
        }
        EngineJob job = job(
                "SELECT category, count(*) AS orders, sum(amount) AS total FROM " + orders().quotedName()
                        + " WHERE category <> 'none' GROUP BY category",
                targetTable(
                        "orders_by_category",
                        List.of(
                                new EngineTable.Column("category", "varchar(10)"),
                                new EngineTable.Column("orders", "bigint"),
                                new EngineTable.Column("total", "decimal(14,2)"))),
                EngineJob.WriteMode.OVERWRITE,
                false);
        EngineHandle handle = submit(job);
        EngineStatus done = await(handle, status -> status.state().isTerminal());

        assertThat(done.state())
                .as("%s, log %s", done, adapter.logs(handle, 50))
                .isEqualTo(EngineJobState.SUCCEEDED);
        assertThat(Orders.readTotals(target, "orders_by_category"))
                .containsExactlyElementsOf(Orders.totalsByCategory());
    }

    @Test
    @Order(3)
    void testStreamingJobStopsWithSavepoint() throws Exception {
        // the view sleeps 20 ms a row as MariaDB sends it: six seconds of reading
        EngineJob job = job(
                SLOW_SELECT + slowOrders().quotedName() + " WHERE id > 0",
                targetTable("orders_stream", Orders.COLUMNS),
                EngineJob.WriteMode.APPEND,
                true);
        Instant submittedAt = Instant.now();
        EngineHandle handle = submit(job);
        await(handle, status -> status.state() != EngineJobState.QUEUED);
        System.err.printf(
                "MEASURE flink streaming submit->RUNNING %d ms%n",
                Duration.between(submittedAt, Instant.now()).toMillis());
        assertThat(adapter.status(handle).state()).isEqualTo(EngineJobState.RUNNING);
        assertThat(clusterGet("jobs/" + handle.engineJobId()).path("job-type").asString())
                .isEqualTo("STREAMING");

        Instant stopping = Instant.now();
        adapter.cancel(handle);
        EngineStatus done = await(handle, status -> status.state().isTerminal());
        System.err.printf(
                "MEASURE flink stop with savepoint: %d ms until terminal%n",
                Duration.between(stopping, Instant.now()).toMillis());

        assertThat(done.state()).as("%s", done).isEqualTo(EngineJobState.CANCELLED);
        String savepoint = done.handle().attribute("savepointPath").orElseThrow();
        assertThat(Path.of(URI.create(savepoint)))
                .isDirectory()
                .startsWith(gateway.savepointDir())
                .isDirectoryContaining(path -> path.getFileName().toString().equals("_metadata"));
        JsonNode flinkJob = clusterGet("jobs/" + handle.engineJobId());
        assertThat(flinkJob.path("state").asString()).isEqualTo("FINISHED");
        // stopped before the source was read through
        assertThat(Orders.countRows(target, "orders_stream")).isLessThan(Orders.ROWS);
        adapter.cancel(done.handle()); // a no-op once ended
        assertThat(adapter.status(handle).state()).isEqualTo(EngineJobState.CANCELLED);
    }

    @Test
    @Order(4)
    void testCancelRunningBatchJob() throws Exception {
        EngineJob job = job(
                SLOW_SELECT + slowOrders().quotedName() + " WHERE id > 0",
                targetTable("orders_cancelled", Orders.COLUMNS),
                EngineJob.WriteMode.APPEND,
                false);
        EngineHandle handle = submit(job);
        await(handle, status -> status.state() == EngineJobState.RUNNING);

        Instant cancelled = Instant.now();
        adapter.cancel(handle);
        EngineStatus done = await(handle, status -> status.state().isTerminal());
        System.err.printf(
                "MEASURE flink cancel: %d ms until terminal%n",
                Duration.between(cancelled, Instant.now()).toMillis());

        assertThat(done.state()).as("%s", done).isEqualTo(EngineJobState.CANCELLED);
        assertThat(done.handle().attribute("savepointPath")).isEmpty();
        assertThat(clusterGet("jobs/" + handle.engineJobId()).path("state").asString())
                .isEqualTo("CANCELED");
        assertThat(Orders.countRows(target, "orders_cancelled")).isLessThan(Orders.ROWS);
    }

    @Test
    @Order(5)
    void testBadSqlIsRejectedWithFlinksMessage() {
        EngineJob job = job(
                "SELECT no_such_column FROM " + orders().quotedName(),
                targetTable("orders_copy", Orders.COLUMNS),
                EngineJob.WriteMode.APPEND,
                false);

        assertThatThrownBy(() -> submit(job))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.REJECTED))
                .hasMessageContaining("no_such_column");
        assertThat(adapter.find(job.id())).isEmpty();
    }

    @Test
    @Order(6)
    void testUnreachableSourceFailsWithFlinksMessage() {
        EngineJob job = job(
                "SELECT id, name, category, amount, created_at, note FROM " + orders().quotedName(),
                targetTable("orders_copy", Orders.COLUMNS),
                EngineJob.WriteMode.APPEND,
                false,
                Optional.of(new EngineConnection(
                        "jdbc:mariadb://127.0.0.1:" + Orders.closedPort() + "/" + source.databaseName(),
                        "org.mariadb.jdbc.Driver",
                        source.user())));
        EngineHandle handle = submit(job);
        EngineStatus done = await(handle, status -> status.state().isTerminal());

        assertThat(done.state()).isEqualTo(EngineJobState.FAILED);
        assertThat(done.message())
                .hasValueSatisfying(message -> assertThat(message).containsIgnoringCase("connect"));
        assertThat(adapter.logs(handle, 200)).anyMatch(line -> line.contains("FAILED"));
    }

    @Test
    @Order(7)
    void testFreshAdapterFindsTheJobAndDoesNotSubmitTwice() throws Exception {
        EngineJob job = job(
                "SELECT id, name, category, amount, created_at, note FROM " + orders().quotedName()
                        + " WHERE id <= 100",
                targetTable("orders_reattach", Orders.COLUMNS),
                EngineJob.WriteMode.APPEND,
                false);
        EngineHandle stored = submit(job);

        // as after a restart of the control plane: a new adapter with only the stored handle, or only the job id
        FlinkSqlGatewayEngineAdapter restarted =
                new FlinkSqlGatewayEngineAdapter(gateway.gatewayUrl(), gateway.clusterUrl(), Duration.ofMinutes(2));
        assertThat(restarted.find(job.id()))
                .hasValueSatisfying(found -> assertThat(found.engineJobId()).isEqualTo(stored.engineJobId()));
        EngineStatus done =
                awaitWith(restarted, stored, status -> status.state().isTerminal());
        assertThat(done.state()).isEqualTo(EngineJobState.SUCCEEDED);
        assertThat(restarted.find(UUID.randomUUID())).isEmpty();
        // submitting the same job again answers the job it already is
        assertThat(restarted.submit(job).engineJobId()).isEqualTo(stored.engineJobId());
        assertThat(Orders.countRows(target, "orders_reattach")).isEqualTo(100);
        assertThat(restarted
                        .status(new EngineHandle("flink-sql-gateway", "0123456789abcdef0123456789abcdef"))
                        .state())
                .isEqualTo(EngineJobState.LOST);
    }

    @Test
    @Order(100)
    void testCanaryPasswordOnNoSurface() throws Exception {
        EngineJob job = job(
                SLOW_SELECT + slowOrders().quotedName() + " WHERE id <= 150",
                targetTable("orders_canary", Orders.COLUMNS),
                EngineJob.WriteMode.APPEND,
                false);
        int redeemedBefore = exchange.redeemed();
        EngineHandle handle = submit(job);
        await(handle, status -> status.state() == EngineJobState.RUNNING);
        // every process' command line while the job runs
        assertThat(Orders.processCommandLines()).isNotEmpty().allSatisfy(line -> assertThat(line)
                .doesNotContain(canary));
        EngineStatus done = await(handle, status -> status.state().isTerminal());
        assertThat(done.state()).isEqualTo(EngineJobState.SUCCEEDED);
        // the password was used: the rows came through logins that have only it, from a ticket redeemed once
        assertThat(Orders.countRows(target, "orders_canary")).isEqualTo(150);
        assertThat(exchange.redeemed()).isEqualTo(redeemedBefore + 1);

        Map<String, String> surfaces = new TreeMap<>();
        List<String> statements = FlinkSqlGatewayEngineAdapter.statements(job);
        surfaces.put("statements", String.join("\n", statements));
        // what the statements carry instead of the password
        assertThat(surfaces.get("statements"))
                .contains("'connector' = 'nexus-jdbc'")
                .contains("'nexus.ticket' = '" + job.credentials().token() + "'")
                .doesNotContain("'password'");
        surfaces.put("gateway log", Files.readString(gateway.logFile(), UTF_8));
        for (EngineHandle each : submitted) {
            String session = each.attribute("sessionHandle").orElseThrow();
            surfaces.put("session " + session, gatewayGet("v1/sessions/" + session));
            String jobId = each.engineJobId();
            for (String path : List.of("", "/config", "/plan", "/exceptions", "/checkpoints", "/checkpoints/config")) {
                // a batch job has no checkpoints
                getIfPresent(gateway.clusterUrl().resolve("jobs/" + jobId + path))
                        .ifPresent(text -> surfaces.put("cluster jobs/" + jobId + path, text));
            }
        }
        assertThat(surfaces).containsKey("cluster jobs/" + handle.engineJobId() + "/config");
        assertThat(surfaces.get("session " + handle.attribute("sessionHandle").orElseThrow()))
                .contains("nexus-job-" + job.id());
        for (String path : List.of("jobs/overview", "jobmanager/config", "taskmanagers", "config")) {
            surfaces.put("cluster " + path, clusterGetText(path));
        }
        surfaces.put("gateway v1/info", gatewayGet("v1/info"));
        try (Stream<Path> files = Files.walk(gateway.logFile().getParent())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                // savepoints and checkpoints are binary: grep their bytes
                surfaces.put("gateway file " + file, new String(Files.readAllBytes(file), ISO_8859_1));
            }
        }
        assertThat(surfaces.keySet()).anyMatch(name -> name.endsWith("_metadata"));
        assertThat(surfaces)
                .allSatisfy((surface, text) ->
                        assertThat(text).as("the canary on %s", surface).doesNotContain(canary));
    }

    private static EngineHandle submit(EngineJob job) {
        EngineHandle handle = adapter.submit(job);
        submitted.add(handle);
        return handle;
    }

    private static JsonNode clusterGet(String path) throws IOException, InterruptedException {
        return JSON.readTree(clusterGetText(path));
    }

    private static String clusterGetText(String path) throws IOException, InterruptedException {
        return get(gateway.clusterUrl().resolve(path));
    }

    private static String gatewayGet(String path) throws IOException, InterruptedException {
        return get(gateway.gatewayUrl().resolve(path));
    }

    private static Optional<String> getIfPresent(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
        return response.body();
    }

    private static EngineStatus await(EngineHandle handle, Predicate<EngineStatus> condition) {
        return awaitWith(adapter, handle, condition);
    }

    private static EngineStatus awaitWith(
            FlinkSqlGatewayEngineAdapter adapter, EngineHandle handle, Predicate<EngineStatus> condition) {
        return AwaitStatus.until(adapter, handle, JOB_TIMEOUT, condition);
    }

    private static EngineJob job(String query, EngineTable target, EngineJob.WriteMode mode, boolean streaming) {
        return job(query, target, mode, streaming, Optional.empty());
    }

    private static EngineJob job(
            String query,
            EngineTable targetTable,
            EngineJob.WriteMode mode,
            boolean streaming,
            Optional<EngineConnection> sourceConnection) {
        EngineConnection sourceConnectionOrDefault = sourceConnection.orElseGet(() -> new EngineConnection(
                // read-only, as the connectors module gives a datasource that is not writable
                source.jdbcUrl() + "?sessionVariables=tx_read_only=1", "org.mariadb.jdbc.Driver", source.user()));
        Map<String, EngineDatasource> datasources = Map.of(
                SOURCE_CATALOG,
                new EngineDatasource(SOURCE_CATALOG, "mariadb", Optional.of(sourceConnectionOrDefault), false, true),
                TARGET_CATALOG,
                new EngineDatasource(
                        TARGET_CATALOG,
                        "postgresql",
                        Optional.of(new EngineConnection(target.jdbcUrl(), "org.postgresql.Driver", target.user())),
                        true,
                        true));
        EngineTable input = query.contains("slow_orders") ? slowOrders() : orders();
        return new EngineJob(
                UUID.randomUUID(),
                "alice",
                List.of(input),
                query,
                targetTable,
                mode,
                datasources,
                streaming,
                exchange.issue(Map.of(SOURCE_CATALOG, canary, TARGET_CATALOG, canary)));
    }

    private static EngineTable orders() {
        return new EngineTable(SOURCE_CATALOG, source.databaseName(), "orders", Orders.COLUMNS);
    }

    private static EngineTable slowOrders() {
        List<EngineTable.Column> columns = new ArrayList<>(Orders.COLUMNS);
        columns.add(new EngineTable.Column("slept", "varchar(2000)"));
        return new EngineTable(SOURCE_CATALOG, source.databaseName(), "slow_orders", columns);
    }

    private static EngineTable targetTable(String table, List<EngineTable.Column> columns) {
        return new EngineTable(TARGET_CATALOG, "public", table, columns);
    }

    private static void createSource() throws SQLException {
        Orders.create(source);
        try (Connection connection = source.openConnection();
                Statement statement = connection.createStatement()) {
            // SLEEP runs per row as the server sends it, so a job reading this view takes a while; the column is wide
            // so the server's 16 KB network buffer goes out every few rows, not once at the end
            statement.execute("CREATE VIEW slow_orders AS SELECT id, name, category, amount, created_at, note,"
                    + " REPEAT(SLEEP(0.02), 2000) AS slept FROM orders");
        }
    }

    private static void createTargets() throws SQLException {
        try (Connection connection = target.openConnection();
                Statement statement = connection.createStatement()) {
            for (String table :
                    List.of("orders_copy", "orders_reattach", "orders_canary", "orders_stream", "orders_cancelled")) {
                statement.execute(Orders.createCopyTable(table));
            }
            statement.execute(
                    "CREATE TABLE orders_by_category (category VARCHAR(10), orders BIGINT, total DECIMAL(14,2))");
        }
    }
}

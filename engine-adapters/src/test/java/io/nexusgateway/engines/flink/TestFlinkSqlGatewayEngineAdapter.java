package io.nexusgateway.engines.flink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.connectors.EngineConnection;
import io.nexusgateway.engines.CredentialExchangeServer;
import io.nexusgateway.engines.EngineDatasource;
import io.nexusgateway.engines.EngineException;
import io.nexusgateway.engines.EngineHandle;
import io.nexusgateway.engines.EngineJob;
import io.nexusgateway.engines.EngineJobState;
import io.nexusgateway.engines.EngineStatus;
import io.nexusgateway.engines.EngineTable;
import io.nexusgateway.engines.EtlFixture;
import io.nexusgateway.engines.runtime.FlinkSqlGateway;
import io.nexusgateway.testing.SharedFlinkSqlGateway;
import io.nexusgateway.testing.db.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
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
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    // reads the wide column whole (substr is not pushed down to MariaDB), so each row's sleep is paid as it streams
    private static final String SLOW_SELECT =
            "SELECT id, name, category, amount, created_at, substr(slept, 1, 1) AS note FROM ";

    private static FlinkSqlGateway gateway;
    private static EtlFixture fixture;
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
        fixture = EtlFixture.create("fl");
        exchange = fixture.exchange();
        canary = fixture.canary();
        source = fixture.source();
        target = fixture.target();
        createSlowSource();
        createTargets();
        adapter = new FlinkSqlGatewayEngineAdapter(gateway.gatewayUrl(), gateway.clusterUrl(), Duration.ofMinutes(2));
    }

    @AfterAll
    static void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    @Order(1)
    void testCopyFromMariaDbToPostgresql() throws Exception {
        EngineJob job = job(
                "SELECT id, name, category, amount, created_at, note FROM " + orders().quotedName(),
                targetTable("orders_copy", orderColumns()),
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
                EtlFixture.SOURCE_ROWS,
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
        fixture.assertCopied("orders_copy");
    }

    @Test
    @Order(2)
    void testAggregationOverwrites() throws Exception {
        EngineJob job = flink(
                fixture.aggregation(),
                List.of(orders()),
                targetTable(
                        "orders_by_category",
                        List.of(
                                new EngineTable.Column("category", "varchar(10)"),
                                new EngineTable.Column("orders", "bigint"),
                                new EngineTable.Column("total", "decimal(14,2)"))),
                false);
        EngineHandle handle = submit(job);
        EngineStatus done = await(handle, status -> status.state().isTerminal());

        assertThat(done.state())
                .as("%s, log %s", done, adapter.logs(handle, 50))
                .isEqualTo(EngineJobState.SUCCEEDED);
        fixture.assertAggregated();
    }

    @Test
    @Order(3)
    void testStreamingJobStopsWithSavepoint() throws Exception {
        // the view sleeps 20 ms a row as MariaDB sends it: six seconds of reading
        EngineJob job = job(
                SLOW_SELECT + slowOrders().quotedName() + " WHERE id > 0",
                targetTable("orders_stream", orderColumns()),
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
        assertThat(fixture.countRows("orders_stream")).isLessThan(EtlFixture.SOURCE_ROWS);
        adapter.cancel(done.handle()); // a no-op once ended
        assertThat(adapter.status(handle).state()).isEqualTo(EngineJobState.CANCELLED);
    }

    @Test
    @Order(4)
    void testCancelRunningBatchJob() throws Exception {
        EngineJob job = job(
                SLOW_SELECT + slowOrders().quotedName() + " WHERE id > 0",
                targetTable("orders_cancelled", orderColumns()),
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
        assertThat(fixture.countRows("orders_cancelled")).isLessThan(EtlFixture.SOURCE_ROWS);
    }

    @Test
    @Order(5)
    void testBadSqlIsRejectedWithFlinksMessage() {
        EngineJob job = job(
                "SELECT no_such_column FROM " + orders().quotedName(),
                targetTable("orders_copy", orderColumns()),
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
        EngineJob job = flink(
                fixture.unreachableSourceJob(), List.of(orders()), targetTable("orders_copy", orderColumns()), false);
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
                targetTable("orders_reattach", orderColumns()),
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
        assertThat(fixture.countRows("orders_reattach")).isEqualTo(100);
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
                targetTable("orders_canary", orderColumns()),
                EngineJob.WriteMode.APPEND,
                false);
        int redeemedBefore = exchange.redeemed();
        EngineHandle handle = submit(job);
        await(handle, status -> status.state() == EngineJobState.RUNNING);
        // every process' command line while the job runs
        assertThat(EtlFixture.processCommandLines()).isNotEmpty().allSatisfy(line -> assertThat(line)
                .doesNotContain(canary));
        EngineStatus done = await(handle, status -> status.state().isTerminal());
        assertThat(done.state()).isEqualTo(EngineJobState.SUCCEEDED);
        // the password was used: the rows came through logins that have only it, from a ticket redeemed once
        assertThat(fixture.countRows("orders_canary")).isEqualTo(150);
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
        // savepoints and checkpoints are binary: their bytes are searched all the same
        surfaces.putAll(EtlFixture.files("gateway file", gateway.logFile().getParent()));
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
        return EtlFixture.await(adapter, handle, condition, JOB_TIMEOUT);
    }

    @Test
    @Order(8)
    void testSourceLoginWithoutPassword() throws Exception {
        // the machine's MariaDB root has none; Flink's JDBC connector takes a username only with a password
        EngineJob copy = job(
                "SELECT id, name, category, amount, created_at, note FROM " + orders().quotedName(),
                targetTable("orders_no_password", orderColumns()),
                EngineJob.WriteMode.APPEND,
                false);
        Map<String, EngineDatasource> datasources = new HashMap<>(copy.datasources());
        EngineDatasource sourceDatasource = datasources.get(EtlFixture.SOURCE_CATALOG);
        datasources.put(
                EtlFixture.SOURCE_CATALOG,
                new EngineDatasource(
                        sourceDatasource.catalog(),
                        sourceDatasource.type(),
                        Optional.of(new EngineConnection(
                                source.jdbcUrl() + "?sessionVariables=tx_read_only=1",
                                "org.mariadb.jdbc.Driver",
                                "root")),
                        false,
                        false));
        EngineJob job = new EngineJob(
                copy.id(),
                copy.user(),
                copy.inputs(),
                copy.query(),
                copy.target(),
                copy.writeMode(),
                datasources,
                false,
                copy.credentials());
        EngineStatus done = await(submit(job), status -> status.state().isTerminal());
        assertThat(done.state()).as(done.toString()).isEqualTo(EngineJobState.SUCCEEDED);
        fixture.assertCopied("orders_no_password");
    }

    private static EngineJob job(String query, EngineTable target, EngineJob.WriteMode mode, boolean streaming) {
        EngineTable input = query.contains("slow_orders") ? slowOrders() : orders();
        return flink(fixture.job(query, target.table(), mode), List.of(input), target, streaming);
    }

    // the fixture's job as Flink needs it: the target's columns declared, the inputs it reads, streaming or not
    private static EngineJob flink(EngineJob job, List<EngineTable> inputs, EngineTable target, boolean streaming) {
        return new EngineJob(
                job.id(),
                job.user(),
                inputs,
                job.query(),
                target,
                job.writeMode(),
                job.datasources(),
                streaming,
                job.credentials());
    }

    private static EngineTable orders() {
        return fixture.orders();
    }

    private static List<EngineTable.Column> orderColumns() {
        return fixture.orders().columns();
    }

    private static EngineTable slowOrders() {
        List<EngineTable.Column> columns = new ArrayList<>(orderColumns());
        columns.add(new EngineTable.Column("slept", "varchar(2000)"));
        return new EngineTable(EtlFixture.SOURCE_CATALOG, source.databaseName(), "slow_orders", columns);
    }

    private static EngineTable targetTable(String table, List<EngineTable.Column> columns) {
        return new EngineTable(EtlFixture.TARGET_CATALOG, "public", table, columns);
    }

    private static void createSlowSource() throws SQLException {
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
            for (String table : List.of("orders_stream", "orders_cancelled", "orders_no_password")) {
                statement.execute("CREATE TABLE " + table + " (id INTEGER, name VARCHAR(40), category VARCHAR(10),"
                        + " amount DECIMAL(12,2), created_at TIMESTAMP(3), note VARCHAR(100))");
            }
        }
    }
}

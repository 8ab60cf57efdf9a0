package io.nexusgateway.engines.sparkconnect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.connectors.EngineConnection;
import io.nexusgateway.engines.CredentialExchangeServer;
import io.nexusgateway.engines.EngineDatasource;
import io.nexusgateway.engines.EngineHandle;
import io.nexusgateway.engines.EngineJob;
import io.nexusgateway.engines.EngineJobState;
import io.nexusgateway.engines.EngineStatus;
import io.nexusgateway.engines.EngineTable;
import io.nexusgateway.engines.runtime.SparkConnectServer;
import io.nexusgateway.testing.Await;
import io.nexusgateway.testing.SharedSparkConnect;
import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The Spark Connect adapter against a real Spark Connect 4.2 server (local mode, shared per JVM), MariaDB and
 * PostgreSQL, with logins whose password is a canary that must not show on any surface. The canary test runs last, so
 * it also sees what the other tests' jobs left on the server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class TestSparkConnectEngineAdapter {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final int SOURCE_ROWS = 300;
    private static final String SOURCE_CATALOG = "shop_mariadb";
    private static final String TARGET_CATALOG = "warehouse_pg";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SparkConnectServer server;
    private static CredentialExchangeServer exchange;
    private static String canary;
    private static TestDatabase source;
    private static TestDatabase target;
    private static Path jobsDir;
    private static List<Path> runnerClasspath;
    private static SparkConnectEngineAdapter adapter;

    @BeforeAll
    static void setUp() throws Exception {
        server = SharedSparkConnect.get();
        System.err.println(
                "MEASURE spark-connect server startup: " + server.startupTime().toMillis() + " ms");
        exchange = CredentialExchangeServer.start();
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        canary = "canary-" + HexFormat.of().formatHex(random);
        source = TestDatabases.mariadb().createDatabase("scsrc", canary);
        target = TestDatabases.postgresql().createDatabase("scdst", canary);
        createSource();
        createTargets();
        jobsDir = Path.of("target", "spark-connect-jobs", UUID.randomUUID().toString())
                .toAbsolutePath();
        Path runnerJar = Path.of(requiredProperty("nexus.spark-connect-runner.jar"));
        runnerClasspath = SparkConnectEngineAdapter.runnerClasspath(runnerJar, SharedSparkConnect.engineCacheDir());
        adapter = new SparkConnectEngineAdapter(server.connectUrl(), jobsDir, runnerClasspath);
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
                targetTable("orders_copy"),
                EngineJob.WriteMode.APPEND);
        Instant submitted = Instant.now();
        EngineHandle handle = adapter.submit(job);
        assertThat(handle.adapter()).isEqualTo("spark-connect");
        assertThat(handle.engineJobId()).isEqualTo("nexus-job-" + job.id());
        EngineStatus running = await(handle, status -> status.state() != EngineJobState.QUEUED);
        Instant runningAt = Instant.now();
        EngineStatus done = await(handle, status -> status.state().isTerminal());
        Instant finished = Instant.now();
        System.err.printf(
                "MEASURE copy: submit->%s %d ms, total wall time %d ms%n",
                running.state(),
                Duration.between(submitted, runningAt).toMillis(),
                Duration.between(submitted, finished).toMillis());

        assertThat(done.state())
                .as("%s, log %s", done, adapter.logs(handle, 50))
                .isEqualTo(EngineJobState.SUCCEEDED);
        assertThat(done.rows()).hasValue(SOURCE_ROWS);
        assertThat(done.handle().attribute("sessionId")).isPresent();
        try (Connection connection = target.openConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*), sum(amount), count(amount), count(note),"
                        + " min(created_at), max(created_at) FROM orders_copy")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong(1)).isEqualTo(SOURCE_ROWS);
            assertThat(result.getBigDecimal(2)).isEqualByComparingTo(expectedAmountSum());
            assertThat(result.getLong(3)).isEqualTo(SOURCE_ROWS - SOURCE_ROWS / 11);
            assertThat(result.getLong(4)).isEqualTo(SOURCE_ROWS - SOURCE_ROWS / 3);
            assertThat(result.getTimestamp(5).toLocalDateTime()).isEqualTo(createdAt(1));
            assertThat(result.getTimestamp(6).toLocalDateTime()).isEqualTo(createdAt(SOURCE_ROWS));
        }
        try (Connection connection = target.openConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT name, category, amount, created_at, note FROM orders_copy WHERE id = ?")) {
            for (int id : new int[] {7, 11, 33, 299}) {
                statement.setInt(1, id);
                try (ResultSet result = statement.executeQuery()) {
                    assertThat(result.next()).isTrue();
                    assertThat(result.getString(1)).isEqualTo(name(id));
                    assertThat(result.getString(2)).isEqualTo(category(id));
                    assertThat(result.getBigDecimal(3)).isEqualTo(amount(id));
                    assertThat(result.getTimestamp(4).toLocalDateTime()).isEqualTo(createdAt(id));
                    assertThat(result.getString(5)).isEqualTo(note(id));
                }
            }
        }
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
                targetTable("orders_by_category"),
                EngineJob.WriteMode.OVERWRITE);
        EngineHandle handle = adapter.submit(job);
        EngineStatus done = await(handle, status -> status.state().isTerminal());

        assertThat(done.state())
                .as("%s, log %s", done, adapter.logs(handle, 50))
                .isEqualTo(EngineJobState.SUCCEEDED);
        assertThat(done.rows()).hasValue(5);
        List<String> rows = new ArrayList<>();
        try (Connection connection = target.openConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT category, orders, total FROM orders_by_category ORDER BY category")) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getLong(2) + " " + result.getBigDecimal(3));
            }
        }
        List<String> expected = new ArrayList<>();
        for (int group = 0; group < 5; group++) {
            long count = 0;
            BigDecimal total = BigDecimal.ZERO.setScale(2);
            for (int id = 1; id <= SOURCE_ROWS; id++) {
                if (category(id).equals("c" + group)) {
                    count++;
                    total = amount(id) == null ? total : total.add(amount(id));
                }
            }
            expected.add("c" + group + " " + count + " " + total);
        }
        assertThat(rows).containsExactlyElementsOf(expected);
    }

    @Test
    @Order(3)
    void testCancelInterruptsTheServersJob() throws Exception {
        // 300 rows at 200 ms each: a minute of work in one task, interruptible at every row
        EngineJob job = job(
                "SELECT count(slept) AS total FROM (SELECT reflect('java.lang.Thread', 'sleep', CAST(200 AS BIGINT))"
                        + " AS slept FROM " + orders().quotedName() + ")",
                targetTable("cancel_target"),
                EngineJob.WriteMode.APPEND);
        EngineHandle handle = adapter.submit(job);
        String tag = "nexus-job-" + job.id();
        JsonNode serverJob = awaitServerJob(tag, "RUNNING");
        assertThat(adapter.status(handle).state()).isEqualTo(EngineJobState.RUNNING);

        Instant cancelled = Instant.now();
        adapter.cancel(handle);
        EngineStatus done = await(handle, status -> status.state().isTerminal());
        System.err.printf(
                "MEASURE cancel: %d ms until terminal%n",
                Duration.between(cancelled, Instant.now()).toMillis());

        assertThat(done.state())
                .as("%s, log %s", done, adapter.logs(handle, 50))
                .isEqualTo(EngineJobState.CANCELLED);
        JsonNode killed = awaitServerJob(tag, "FAILED");
        assertThat(killed.path("jobId").asLong())
                .isEqualTo(serverJob.path("jobId").asLong());
        assertThat(killed.path("numKilledTasks").asInt()
                        + killed.path("numFailedTasks").asInt())
                .as("the server's job %s", killed)
                .isPositive();
        assertThat(Files.readString(
                        Path.of(done.handle().attribute("jobDir").orElseThrow()).resolve("cancel.log")))
                .containsPattern("interrupted operations \\[[0-9a-f-]{36}\\]");
        adapter.cancel(handle); // a no-op once ended
        try (Connection connection = target.openConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM cancel_target")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong(1)).isZero();
        }
    }

    @Test
    @Order(4)
    void testFailingJobReportsSparksMessage() throws Exception {
        EngineJob job = job(
                "SELECT no_such_column FROM " + orders().quotedName(),
                targetTable("orders_copy"),
                EngineJob.WriteMode.APPEND);
        EngineHandle handle = adapter.submit(job);
        EngineStatus done = await(handle, status -> status.state().isTerminal());

        assertThat(done.state()).isEqualTo(EngineJobState.FAILED);
        assertThat(done.message())
                .hasValueSatisfying(message ->
                        assertThat(message).contains("UNRESOLVED_COLUMN").contains("no_such_column"));
    }

    @Test
    @Order(5)
    void testUnreachableSourceFails() throws Exception {
        EngineJob job = job(
                "SELECT id, name, category, amount, created_at, note FROM " + orders().quotedName(),
                targetTable("orders_copy"),
                EngineJob.WriteMode.APPEND,
                Optional.of(new EngineConnection(
                        "jdbc:mariadb://127.0.0.1:" + closedPort() + "/" + source.databaseName(),
                        "org.mariadb.jdbc.Driver",
                        source.user())));
        EngineHandle handle = adapter.submit(job);
        EngineStatus done = await(handle, status -> status.state().isTerminal());

        assertThat(done.state()).isEqualTo(EngineJobState.FAILED);
        assertThat(done.message())
                .hasValueSatisfying(message -> assertThat(message).containsIgnoringCase("connect"));
    }

    @Test
    @Order(6)
    void testFreshAdapterReattachesAndFinds() throws Exception {
        EngineJob job = job(
                "SELECT id, name, category, amount, created_at, note FROM " + orders().quotedName()
                        + " WHERE id <= 100",
                targetTable("orders_reattach"),
                EngineJob.WriteMode.APPEND);
        EngineHandle stored = adapter.submit(job);

        // as after a restart of the control plane: a new adapter with only the stored handle, or only the job id
        SparkConnectEngineAdapter restarted =
                new SparkConnectEngineAdapter(server.connectUrl(), jobsDir, runnerClasspath);
        assertThat(restarted.find(job.id()))
                .hasValueSatisfying(found -> assertThat(found.engineJobId()).isEqualTo(stored.engineJobId()));
        EngineStatus done =
                awaitWith(restarted, stored, status -> status.state().isTerminal());
        assertThat(done.state()).isEqualTo(EngineJobState.SUCCEEDED);
        assertThat(done.rows()).hasValue(100);
        EngineHandle found = restarted.find(job.id()).orElseThrow();
        assertThat(found.attribute("jobDir")).isEqualTo(stored.attribute("jobDir"));
        assertThat(found.attribute("sessionId")).isPresent();
        assertThat(restarted.status(found).state()).isEqualTo(EngineJobState.SUCCEEDED);
        assertThat(restarted.find(UUID.randomUUID())).isEmpty();
        // submitting the same job again answers the job it already is
        assertThat(restarted.submit(job).engineJobId()).isEqualTo(stored.engineJobId());
        assertThat(countRows("orders_reattach")).isEqualTo(100);

        Path jobDir = Path.of(stored.attribute("jobDir").orElseThrow());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jobDir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jobDir.resolve("job.json"))))
                .isEqualTo("rw-------");
        assertThat(restarted.logs(stored, 100)).anyMatch(line -> line.contains("succeeded: 100 rows"));
    }

    @Test
    @Order(7)
    void testDeadRunnerWithoutOutcomeIsFailed() throws Exception {
        EngineJob job = job(
                "SELECT count(slept) AS total FROM (SELECT reflect('java.lang.Thread', 'sleep', CAST(200 AS BIGINT))"
                        + " AS slept FROM " + orders().quotedName() + ")",
                targetTable("cancel_target"),
                EngineJob.WriteMode.APPEND);
        EngineHandle handle = adapter.submit(job);
        awaitServerJob("nexus-job-" + job.id(), "RUNNING");
        ProcessHandle runner = ProcessHandle.of(
                        Long.parseLong(handle.attribute("pid").orElseThrow()))
                .orElseThrow();
        // SIGKILL: no shutdown hook, no final line; then interrupt the server's work through the adapter
        runner.destroyForcibly();
        await(handle, status -> status.state().isTerminal());
        EngineStatus status = adapter.status(handle);
        assertThat(status.state()).isEqualTo(EngineJobState.FAILED);
        assertThat(status.message())
                .hasValueSatisfying(message -> assertThat(message).contains("exited without"));
        // the orphaned operation runs on in the server: cancel interrupts it, and the job stays FAILED
        adapter.cancel(handle);
        awaitServerJob("nexus-job-" + job.id(), "FAILED");
        assertThat(Files.readString(
                        Path.of(handle.attribute("jobDir").orElseThrow()).resolve("cancel.log")))
                .containsPattern("interrupted operations \\[[0-9a-f-]{36}\\]");
        assertThat(adapter.status(handle).state()).isEqualTo(EngineJobState.FAILED);
    }

    @Test
    @Order(100)
    void testCanaryPasswordOnNoSurface() throws Exception {
        EngineJob job = job(
                "SELECT id, name, category, amount, created_at, note FROM " + orders().quotedName(),
                targetTable("orders_canary"),
                EngineJob.WriteMode.APPEND);
        EngineHandle handle = adapter.submit(job);
        await(handle, status -> status.state() != EngineJobState.QUEUED);
        // every process' command line while the runner runs (and the server always)
        assertThat(processCommandLines()).isNotEmpty().allSatisfy(line -> assertThat(line)
                .doesNotContain(canary));
        EngineStatus done = await(handle, status -> status.state().isTerminal());
        assertThat(done.state()).isEqualTo(EngineJobState.SUCCEEDED);
        // the password was used: the rows came through logins that have only it
        assertThat(countRows("orders_canary")).isEqualTo(SOURCE_ROWS);
        assertThat(exchange.redeemed()).isGreaterThanOrEqualTo(6);

        Map<String, String> surfaces = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.walk(jobsDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                surfaces.put("job file " + jobsDir.relativize(file), Files.readString(file, UTF_8));
            }
        }
        assertThat(surfaces.keySet())
                .anyMatch(name -> name.endsWith("job.json"))
                .anyMatch(name -> name.endsWith("runner.args"))
                .anyMatch(name -> name.endsWith("runner.log"))
                .anyMatch(name -> name.endsWith("status.jsonl"))
                .anyMatch(name -> name.endsWith("cancel.log"));
        surfaces.put("server log", Files.readString(server.logFile(), UTF_8));
        try (Stream<Path> files = Files.walk(server.eventLogDir())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                surfaces.put("event log " + file.getFileName(), Files.readString(file, UTF_8));
            }
        }
        String application =
                JSON.readTree(get("api/v1/applications")).get(0).path("id").asString();
        for (String path : List.of(
                "api/v1/applications",
                "api/v1/applications/" + application + "/environment",
                "api/v1/applications/" + application + "/jobs",
                "api/v1/applications/" + application + "/stages?details=true",
                "api/v1/applications/" + application + "/sql?details=true&planDescription=true",
                "api/v1/applications/" + application + "/executors",
                "connect/",
                "SQL/",
                "environment/")) {
            surfaces.put("UI " + path, get(path));
        }
        assertThat(surfaces.get("event log " + firstEventLog())).contains("SparkListenerConnectOperationStarted");
        // the JDBC options were in the plans, redacted: what shows that redaction is what keeps the password off
        assertThat(surfaces.get("UI api/v1/applications/" + application + "/stages?details=true"))
                .contains("*********(redacted)")
                .contains("\\\"dbtable\\\"");
        assertThat(surfaces)
                .allSatisfy((surface, text) ->
                        assertThat(text).as("the canary on %s", surface).doesNotContain(canary));
        assertThat(surfaces.get("event log " + firstEventLog())).doesNotContain(canary);
    }

    @Test
    @Order(101)
    void testServerLogRedactsPlansPasswordOptions() throws Exception {
        // the server logs a whole request (plan text with the JDBC options) only when a session closes under a running
        // execution; this logs such a text through the server's own log configuration and classpath, every time
        // not the canary: this one goes on a command line
        String secret = "probe-" + UUID.randomUUID();
        Path probeDir = Path.of("target", "spark-connect-log-probe").toAbsolutePath();
        Files.createDirectories(probeDir);
        Path source = probeDir.resolve("LogProbe.java");
        Files.writeString(source, """
                public class LogProbe {
                    public static void main(String[] args) {
                        org.apache.logging.log4j.LogManager.getLogger("probe").info(
                                "plan {\\n  options {\\n    key: \\"password\\"\\n    value: \\"" + args[0]
                                        + "\\"\\n  }\\n  options {\\n    key: \\"user\\"\\n    value: \\"bob\\"\\n  }\\n}");
                    }
                }
                """, UTF_8);
        List<Path> classpath = io.nexusgateway.engines.runtime.EngineClasspath.resolve(
                SparkConnectServer.ENGINE, SharedSparkConnect.engineCacheDir());
        try (io.nexusgateway.engines.runtime.EngineProcess probe = io.nexusgateway.engines.runtime.EngineProcess.start(
                "log-probe",
                classpath,
                List.of("-Dlog4j2.configurationFile=" + server.log4jConfigFile().toUri()),
                source.toString(),
                List.of(secret + "\\\"quoted"),
                Map.of(),
                probeDir)) {
            Await.until("the log probe ends", Duration.ofMinutes(1), () -> !probe.isAlive());
            String log = Files.readString(probe.logFile(), UTF_8);
            assertThat(log)
                    .contains("INFO probe: plan {")
                    .contains("*********(redacted)")
                    .contains("value: \"bob\"")
                    .doesNotContain(secret)
                    .doesNotContain("quoted");
        }
    }

    private static String firstEventLog() throws IOException {
        try (Stream<Path> files = Files.list(server.eventLogDir())) {
            return files.findFirst().orElseThrow().getFileName().toString();
        }
    }

    private static List<String> processCommandLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes
                    .filter(path -> path.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    lines.add(new String(Files.readAllBytes(process.resolve("cmdline")), UTF_8).replace('\0', ' '));
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
        }
        return lines;
    }

    private static String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(server.uiUrl().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }

    // the server's job for the operation tagged tag, once it has state
    private static JsonNode awaitServerJob(String tag, String state) throws Exception {
        String application =
                JSON.readTree(get("api/v1/applications")).get(0).path("id").asString();
        return Await.until(
                        "the server shows a " + state + " job tagged " + tag,
                        JOB_TIMEOUT,
                        () -> serverJob(application, tag, state),
                        Optional::isPresent)
                .orElseThrow();
    }

    private static Optional<JsonNode> serverJob(String application, String tag, String state) throws Exception {
        for (JsonNode job : JSON.readTree(get("api/v1/applications/" + application + "/jobs"))) {
            boolean tagged = false;
            for (JsonNode jobTag : job.path("jobTags")) {
                tagged |= jobTag.asString().contains(tag);
            }
            if (tagged && job.path("status").asString().equals(state)) {
                return Optional.of(job);
            }
        }
        return Optional.empty();
    }

    private static EngineStatus await(EngineHandle handle, Predicate<EngineStatus> condition) throws Exception {
        return awaitWith(adapter, handle, condition);
    }

    private static EngineStatus awaitWith(
            SparkConnectEngineAdapter adapter, EngineHandle handle, Predicate<EngineStatus> condition)
            throws Exception {
        try {
            return Await.until("the job's status", JOB_TIMEOUT, () -> adapter.status(handle), condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; log " + adapter.logs(handle, 50), e);
        }
    }

    private static EngineJob job(String query, EngineTable target, EngineJob.WriteMode mode) {
        return job(query, target, mode, Optional.empty());
    }

    private static EngineJob job(
            String query,
            EngineTable targetTable,
            EngineJob.WriteMode mode,
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
        return new EngineJob(
                UUID.randomUUID(),
                "alice",
                List.of(orders()),
                query,
                targetTable,
                mode,
                datasources,
                false,
                exchange.issue(Map.of(SOURCE_CATALOG, canary, TARGET_CATALOG, canary)));
    }

    private static EngineTable orders() {
        return new EngineTable(
                SOURCE_CATALOG,
                source.databaseName(),
                "orders",
                List.of(
                        new EngineTable.Column("id", "integer"),
                        new EngineTable.Column("name", "varchar(40)"),
                        new EngineTable.Column("category", "varchar(10)"),
                        new EngineTable.Column("amount", "decimal(12,2)"),
                        new EngineTable.Column("created_at", "timestamp(3)"),
                        new EngineTable.Column("note", "varchar(100)")));
    }

    private static EngineTable targetTable(String table) {
        return new EngineTable(TARGET_CATALOG, "public", table, List.of());
    }

    private static void createSource() throws SQLException {
        try (Connection connection = source.openConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, name VARCHAR(40), category VARCHAR(10),"
                        + " amount DECIMAL(12,2), created_at DATETIME(3), note VARCHAR(100))"
                        + " CHARACTER SET utf8mb4");
            }
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int id = 1; id <= SOURCE_ROWS; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, name(id));
                    insert.setString(3, category(id));
                    insert.setBigDecimal(4, amount(id));
                    insert.setTimestamp(5, Timestamp.valueOf(createdAt(id)));
                    insert.setString(6, note(id));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    private static void createTargets() throws SQLException {
        try (Connection connection = target.openConnection();
                Statement statement = connection.createStatement()) {
            for (String table : List.of("orders_copy", "orders_reattach", "orders_canary")) {
                statement.execute("CREATE TABLE " + table + " (id INTEGER, name VARCHAR(40), category VARCHAR(10),"
                        + " amount DECIMAL(12,2), created_at TIMESTAMP(3), note VARCHAR(100))");
            }
            statement.execute(
                    "CREATE TABLE orders_by_category (category VARCHAR(10), orders BIGINT, total DECIMAL(14,2))");
            statement.execute("CREATE TABLE cancel_target (total BIGINT)");
        }
    }

    private static long countRows(String table) throws SQLException {
        try (Connection connection = target.openConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static String name(int id) {
        return id % 7 == 0 ? "日本語の注文 " + id : "Zoë Ørsted-" + id;
    }

    private static String category(int id) {
        return "c" + id % 5;
    }

    private static BigDecimal amount(int id) {
        return id % 11 == 0
                ? null
                : new BigDecimal(id).multiply(new BigDecimal("1.25")).setScale(2);
    }

    private static BigDecimal expectedAmountSum() {
        BigDecimal sum = BigDecimal.ZERO;
        for (int id = 1; id <= SOURCE_ROWS; id++) {
            sum = amount(id) == null ? sum : sum.add(amount(id));
        }
        return sum;
    }

    private static LocalDateTime createdAt(int id) {
        return LocalDateTime.of(2024, 3, 31, 0, 30).plusMinutes(id * 7L).plusNanos(id * 1_000_000L);
    }

    private static String note(int id) {
        return id % 3 == 0 ? null : "note \"" + id + "\" ✓";
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "-D" + name + " is not set: run through Maven (engine-adapters' pom sets it)");
        }
        return value;
    }
}

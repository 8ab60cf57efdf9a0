package io.nexusgateway.engines.sparkconnect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.engines.CredentialExchangeServer;
import io.nexusgateway.engines.EngineHandle;
import io.nexusgateway.engines.EngineJob;
import io.nexusgateway.engines.EngineJobState;
import io.nexusgateway.engines.EngineStatus;
import io.nexusgateway.engines.EtlFixture;
import io.nexusgateway.engines.runtime.SparkConnectServer;
import io.nexusgateway.testing.SharedSparkConnect;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    private static final int SOURCE_ROWS = EtlFixture.SOURCE_ROWS;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SparkConnectServer server;
    private static EtlFixture fixture;
    private static CredentialExchangeServer exchange;
    private static String canary;
    private static Path jobsDir;
    private static List<Path> runnerClasspath;
    private static SparkConnectEngineAdapter adapter;

    @BeforeAll
    static void setUp() throws Exception {
        server = SharedSparkConnect.get();
        System.err.println(
                "MEASURE spark-connect server startup: " + server.startupTime().toMillis() + " ms");
        fixture = EtlFixture.create("sc");
        exchange = fixture.exchange();
        canary = fixture.canary();
        jobsDir = Path.of("target", "spark-connect-jobs", UUID.randomUUID().toString())
                .toAbsolutePath();
        Path runnerJar = Path.of(EtlFixture.requiredProperty("nexus.spark-connect-runner.jar"));
        runnerClasspath = SparkConnectEngineAdapter.runnerClasspath(runnerJar, SharedSparkConnect.engineCacheDir());
        adapter = new SparkConnectEngineAdapter(server.connectUrl(), jobsDir, runnerClasspath);
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
        EngineJob job = fixture.copy("orders_copy");
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
        fixture.assertCopied("orders_copy");
    }

    @Test
    @Order(2)
    void testAggregationOverwrites() throws Exception {
        EngineJob job = fixture.aggregation();
        EngineHandle handle = adapter.submit(job);
        EngineStatus done = await(handle, status -> status.state().isTerminal());

        assertThat(done.state())
                .as("%s, log %s", done, adapter.logs(handle, 50))
                .isEqualTo(EngineJobState.SUCCEEDED);
        assertThat(done.rows()).hasValue(5);
        fixture.assertAggregated();
    }

    @Test
    @Order(3)
    void testCancelInterruptsTheServersJob() throws Exception {
        EngineJob job = fixture.slowJob();
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
        assertThat(fixture.countRows("cancel_target")).isZero();
    }

    @Test
    @Order(4)
    void testFailingJobReportsSparksMessage() {
        EngineJob job = fixture.job(
                "SELECT no_such_column FROM " + fixture.orders().quotedName(),
                "orders_copy",
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
    void testUnreachableSourceFails() {
        EngineJob job = fixture.unreachableSourceJob();
        EngineHandle handle = adapter.submit(job);
        EngineStatus done = await(handle, status -> status.state().isTerminal());

        assertThat(done.state()).isEqualTo(EngineJobState.FAILED);
        assertThat(done.message())
                .hasValueSatisfying(message -> assertThat(message).containsIgnoringCase("connect"));
    }

    @Test
    @Order(6)
    void testFreshAdapterReattachesAndFinds() throws Exception {
        EngineJob job = fixture.job(
                "SELECT id, name, category, amount, created_at, note FROM "
                        + fixture.orders().quotedName() + " WHERE id <= 100",
                "orders_reattach",
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
        assertThat(fixture.countRows("orders_reattach")).isEqualTo(100);

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
        EngineJob job = fixture.slowJob();
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
        EngineJob job = fixture.copy("orders_canary");
        EngineHandle handle = adapter.submit(job);
        await(handle, status -> status.state() != EngineJobState.QUEUED);
        // every process' command line while the runner runs (and the server always)
        assertThat(EtlFixture.processCommandLines()).isNotEmpty().allSatisfy(line -> assertThat(line)
                .doesNotContain(canary));
        EngineStatus done = await(handle, status -> status.state().isTerminal());
        assertThat(done.state()).isEqualTo(EngineJobState.SUCCEEDED);
        // the password was used: the rows came through logins that have only it
        assertThat(fixture.countRows("orders_canary")).isEqualTo(SOURCE_ROWS);
        assertThat(exchange.redeemed()).isGreaterThanOrEqualTo(6);

        Map<String, String> surfaces = new java.util.TreeMap<>(EtlFixture.files("job file", jobsDir));
        assertThat(surfaces.keySet())
                .anyMatch(name -> name.endsWith("job.json"))
                .anyMatch(name -> name.endsWith("runner.args"))
                .anyMatch(name -> name.endsWith("runner.log"))
                .anyMatch(name -> name.endsWith("status.jsonl"))
                .anyMatch(name -> name.endsWith("cancel.log"));
        surfaces.put("server log", Files.readString(server.logFile(), UTF_8));
        surfaces.putAll(EtlFixture.files("event log", server.eventLogDir()));
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
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            while (probe.isAlive() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
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

    private static String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(server.uiUrl().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }

    // the server's job for the operation tagged tag, once it has state
    private static JsonNode awaitServerJob(String tag, String state) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(JOB_TIMEOUT);
        String application =
                JSON.readTree(get("api/v1/applications")).get(0).path("id").asString();
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode job : JSON.readTree(get("api/v1/applications/" + application + "/jobs"))) {
                boolean tagged = false;
                for (JsonNode jobTag : job.path("jobTags")) {
                    tagged |= jobTag.asString().contains(tag);
                }
                if (tagged && job.path("status").asString().equals(state)) {
                    return job;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the server shows no " + state + " job tagged " + tag);
    }

    private static EngineStatus await(EngineHandle handle, Predicate<EngineStatus> condition) {
        return awaitWith(adapter, handle, condition);
    }

    private static EngineStatus awaitWith(
            SparkConnectEngineAdapter adapter, EngineHandle handle, Predicate<EngineStatus> condition) {
        return EtlFixture.await(adapter, handle, condition, JOB_TIMEOUT);
    }
}

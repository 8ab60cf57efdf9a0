package io.nexusgateway.engines.livy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.engines.EngineException;
import io.nexusgateway.engines.EngineHandle;
import io.nexusgateway.engines.EngineJob;
import io.nexusgateway.engines.EngineJobState;
import io.nexusgateway.engines.EngineStatus;
import io.nexusgateway.engines.EtlFixture;
import io.nexusgateway.engines.runtime.LivyServer;
import io.nexusgateway.testing.SharedLivy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
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
 * The Livy adapter against a real Livy 0.7.1 server (batches on a local Spark 4.2, shared per JVM), MariaDB and
 * PostgreSQL, with logins whose password is a canary that must not show on any surface. The canary test runs last, so
 * it also sees what the other tests' batches left on the server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class TestLivyEngineAdapter {
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LivyServer livy;
    private static EtlFixture fixture;
    private static Path jobsDir;
    private static Path applicationJar;
    private static LivyEngineAdapter adapter;
    private static PrintStream originalErr;
    private static ByteArrayOutputStream ourLog = new ByteArrayOutputStream();

    @BeforeAll
    static void setUp() throws Exception {
        // what this JVM logs (the adapter's SLF4J lines among it) is a surface too
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr, ourLog), true, UTF_8));
        livy = SharedLivy.get();
        System.err.println("MEASURE livy startup: " + livy.startupTime().toMillis() + " ms");
        fixture = EtlFixture.create("livy");
        jobsDir = Path.of("target", "livy-jobs", UUID.randomUUID().toString()).toAbsolutePath();
        applicationJar = SharedLivy.stage(Path.of(EtlFixture.requiredProperty("nexus.spark-etl.jar")));
        adapter = new LivyEngineAdapter(livy.url(), jobsDir, applicationJar);
    }

    @AfterAll
    static void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
        if (originalErr != null) {
            System.setErr(originalErr);
        }
    }

    @Test
    @Order(1)
    void testCopyFromMariaDbToPostgresql() throws Exception {
        EngineJob job = fixture.copy("orders_copy");
        Instant submitted = Instant.now();
        EngineHandle handle = adapter.submit(job);
        assertThat(handle.adapter()).isEqualTo("spark-livy");
        assertThat(handle.engineJobId()).matches("\\d+");
        assertThat(handle.attribute("batchName")).hasValue("nexus-job-" + job.id());
        EngineStatus running = await(handle, status -> status.state() != EngineJobState.QUEUED);
        Instant runningAt = Instant.now();
        // the application's own report: the JDBC reads are set up, the query runs
        awaitLog(handle, "nexus-etl: RUNNING");
        Instant queryAt = Instant.now();
        // while spark-submit runs: no command line holds the password
        assertThat(EtlFixture.processCommandLines())
                .anyMatch(line -> line.contains("org.apache.spark.deploy.SparkSubmit")
                        && line.contains(handle.attribute("jobDir").orElseThrow()))
                .allSatisfy(line -> assertThat(line).doesNotContain(fixture.canary()));
        EngineStatus done = await(handle, status -> status.state().isTerminal());
        Instant finished = Instant.now();
        System.err.printf(
                "MEASURE livy copy of %d rows: submit->%s %d ms, submit->query running %d ms, total %d ms%n",
                EtlFixture.SOURCE_ROWS,
                running.state(),
                Duration.between(submitted, runningAt).toMillis(),
                Duration.between(submitted, queryAt).toMillis(),
                Duration.between(submitted, finished).toMillis());

        assertThat(done.state())
                .as("%s, log %s", done, adapter.logs(handle, 50))
                .isEqualTo(EngineJobState.SUCCEEDED);
        assertThat(done.rows()).hasValue(EtlFixture.SOURCE_ROWS);
        assertThat(done.progressPercent()).hasValue(100);
        fixture.assertCopied("orders_copy");
        assertThat(adapter.logs(handle, 20))
                .hasSizeLessThanOrEqualTo(20)
                .anyMatch(line -> line.contains("nexus-etl: SUCCEEDED rows=" + EtlFixture.SOURCE_ROWS));

        Path jobDir = Path.of(handle.attribute("jobDir").orElseThrow());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jobDir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jobDir.resolve("job.json"))))
                .isEqualTo("rw-------");
        // the batch as Livy shows it
        JsonNode batch = JSON.readTree(get("batches/" + handle.engineJobId()));
        assertThat(batch.path("name").asString()).isEqualTo("nexus-job-" + job.id());
        assertThat(batch.path("state").asString()).isEqualTo("success");
    }

    @Test
    @Order(2)
    void testAggregationFoundAfterALostAnswer() throws Exception {
        EngineJob job = fixture.aggregation();
        // the answer of this submit is lost: the control plane has only the job's id
        adapter.submit(job);

        LivyEngineAdapter restarted = new LivyEngineAdapter(livy.url(), jobsDir, applicationJar);
        EngineHandle found = restarted.find(job.id()).orElseThrow();
        assertThat(found.attribute("batchName")).hasValue("nexus-job-" + job.id());
        // submitting it again answers the batch it already is
        assertThat(restarted.submit(job).engineJobId()).isEqualTo(found.engineJobId());
        assertThat(batchesNamed("nexus-job-" + job.id())).isEqualTo(1);
        assertThat(restarted.find(UUID.randomUUID())).isEmpty();

        EngineStatus done = awaitWith(restarted, found, status -> status.state().isTerminal());
        assertThat(done.state())
                .as("%s, log %s", done, restarted.logs(found, 50))
                .isEqualTo(EngineJobState.SUCCEEDED);
        assertThat(done.rows()).hasValue(5);
        fixture.assertAggregated();
    }

    @Test
    @Order(3)
    void testCancelWhileRunning() throws Exception {
        EngineHandle handle = adapter.submit(fixture.slowJob());
        awaitLog(handle, "nexus-etl: RUNNING");
        assertThat(adapter.status(handle).state()).isEqualTo(EngineJobState.RUNNING);
        String jobDir = handle.attribute("jobDir").orElseThrow();
        assertThat(EtlFixture.processCommandLines()).anyMatch(line -> line.contains(jobDir));

        Instant cancelled = Instant.now();
        adapter.cancel(handle);
        EngineStatus done = await(handle, status -> status.state().isTerminal());
        System.err.printf(
                "MEASURE livy cancel: %d ms until terminal%n",
                Duration.between(cancelled, Instant.now()).toMillis());

        assertThat(done.state()).isEqualTo(EngineJobState.CANCELLED);
        // on the engine too: Livy forgot the batch and its spark-submit is gone
        assertThat(statusCode("batches/" + handle.engineJobId())).isEqualTo(404);
        assertThat(EtlFixture.processCommandLines()).noneMatch(line -> line.contains(jobDir));
        assertThat(fixture.countRows("cancel_target")).isZero();
        adapter.cancel(handle); // a no-op once ended
        assertThat(adapter.status(handle).state()).isEqualTo(EngineJobState.CANCELLED);
    }

    @Test
    @Order(4)
    void testFailingJobsReportSparksMessage() {
        // both at once: each is a Spark application of its own
        EngineHandle badSql = adapter.submit(fixture.job(
                "SELECT no_such_column FROM " + fixture.orders().quotedName(),
                "orders_copy",
                EngineJob.WriteMode.APPEND));
        EngineHandle unreachable = adapter.submit(fixture.unreachableSourceJob());

        EngineStatus badSqlDone = await(badSql, status -> status.state().isTerminal());
        EngineStatus unreachableDone =
                await(unreachable, status -> status.state().isTerminal());

        assertThat(badSqlDone.state()).isEqualTo(EngineJobState.FAILED);
        assertThat(badSqlDone.message())
                .hasValueSatisfying(message ->
                        assertThat(message).contains("UNRESOLVED_COLUMN").contains("no_such_column"));
        assertThat(unreachableDone.state()).isEqualTo(EngineJobState.FAILED);
        assertThat(unreachableDone.message())
                .hasValueSatisfying(message -> assertThat(message).containsIgnoringCase("connect"));
    }

    @Test
    @Order(5)
    void testBatchLivyDoesNotKnowIsLost() throws Exception {
        EngineHandle unknown = new EngineHandle(
                "spark-livy",
                "99999",
                Map.of(
                        "batchId",
                        "99999",
                        "batchName",
                        "nexus-job-" + UUID.randomUUID(),
                        "jobDir",
                        jobsDir.resolve("never").toString()),
                Optional.empty());
        EngineStatus status = adapter.status(unknown);
        assertThat(status.state()).isEqualTo(EngineJobState.LOST);
        assertThat(status.message())
                .hasValueSatisfying(message -> assertThat(message).contains("99999"));
        assertThat(adapter.logs(unknown, 10)).isEmpty();

        // a restarted Livy counts batch ids from 0 again: an id that is now another job's batch is not this job
        String otherJobsBatch =
                JSON.readTree(get("batches")).path("sessions").get(0).path("id").asString();
        EngineHandle reused = new EngineHandle(
                "spark-livy",
                otherJobsBatch,
                Map.of(
                        "batchId",
                        otherJobsBatch,
                        "batchName",
                        "nexus-job-" + UUID.randomUUID(),
                        "jobDir",
                        jobsDir.resolve("never-either").toString()),
                Optional.empty());
        assertThat(adapter.status(reused).state()).isEqualTo(EngineJobState.LOST);
    }

    @Test
    @Order(6)
    void testRefusalAndOutageAreTold() throws Exception {
        // Livy runs only files of the directories its livy.file.local-dir-whitelist names
        Path elsewhere = Files.createDirectories(jobsDir.resolve("not-whitelisted"));
        Path jar = Files.copy(applicationJar, elsewhere.resolve("spark-etl.jar"));
        LivyEngineAdapter misconfigured = new LivyEngineAdapter(livy.url(), jobsDir, jar);
        EngineJob refused = fixture.copy("orders_lost");
        assertThatThrownBy(() -> misconfigured.submit(refused))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.REJECTED))
                .hasMessageContaining("Livy answered 400")
                .hasMessageContaining(jar.toString());
        // Livy had registered the batch before it refused it: gone, it is not found as the job
        assertThat(adapter.find(refused.id())).isEmpty();
        assertThat(batchesNamed("nexus-job-" + refused.id())).isZero();

        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        LivyEngineAdapter down = new LivyEngineAdapter(
                java.net.URI.create("http://127.0.0.1:" + closedPort + "/"), jobsDir, applicationJar);
        EngineJob job = fixture.copy("orders_lost");
        assertThatThrownBy(() -> down.submit(job))
                .isInstanceOfSatisfying(
                        EngineException.class, e -> assertThat(e.kind()).isEqualTo(EngineException.Kind.UNAVAILABLE))
                .hasMessageContaining("cannot be reached");
        // the job's directory is there, the batch is not: the next submit (Livy back) submits it
        assertThat(jobsDir.resolve(job.id().toString())).isDirectory();
        assertThat(adapter.find(job.id())).isEmpty();
    }

    @Test
    @Order(100)
    void testCanaryPasswordOnNoSurface() throws Exception {
        String canary = fixture.canary();
        assertThat(fixture.exchange().redeemed()).as("tickets redeemed").isGreaterThanOrEqualTo(4);
        Map<String, String> surfaces = new TreeMap<>();
        surfaces.putAll(EtlFixture.files("job file", jobsDir));
        assertThat(surfaces.keySet())
                .anyMatch(name -> name.endsWith("job.json"))
                .anyMatch(name -> name.endsWith("outcome.json"))
                .anyMatch(name -> name.endsWith("cancel-requested"));
        surfaces.putAll(EtlFixture.files("livy dir", livy.logFile().getParent()));
        assertThat(surfaces.keySet())
                .anyMatch(name -> name.endsWith("livy.log"))
                .anyMatch(name -> name.endsWith("request.log"))
                .anyMatch(name -> name.contains("event-log"))
                .anyMatch(name -> name.endsWith("spark-submit.args"));
        // the event log is Spark's record of the application, its environment and SQL plans (the UI's source)
        assertThat(surfaces.entrySet())
                .filteredOn(entry -> entry.getKey().contains("event-log"))
                .anySatisfy(entry -> assertThat(entry.getValue())
                        .contains("SparkListenerEnvironmentUpdate")
                        .contains("SparkListenerSQLExecutionStart")
                        .contains("JDBCRelation"));
        surfaces.put("GET batches", get("batches"));
        for (JsonNode batch : JSON.readTree(get("batches")).path("sessions")) {
            String id = batch.path("id").asString();
            surfaces.put("GET batches/" + id, get("batches/" + id));
            surfaces.put("GET batches/" + id + "/log", get("batches/" + id + "/log?from=0&size=100000"));
        }
        // Livy's log of a batch holds the application's lines, which name the JDBC tables it read
        assertThat(surfaces.get("livy dir livy.log")).contains("nexus-etl: SUCCEEDED rows=300");
        for (String line : EtlFixture.processCommandLines()) {
            surfaces.put("command line " + line.hashCode(), line);
        }
        surfaces.put("our log", ourLog.toString(UTF_8));
        assertThat(surfaces.get("our log")).contains("Livy batch");

        assertThat(surfaces)
                .allSatisfy((surface, text) ->
                        assertThat(text).as("the canary on %s", surface).doesNotContain(canary));
    }

    private static String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(livy.url().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }

    private static int statusCode(String path) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(livy.url().resolve(path)).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static long batchesNamed(String name) throws IOException, InterruptedException {
        long count = 0;
        for (JsonNode batch : JSON.readTree(get("batches?size=1000")).path("sessions")) {
            count += batch.path("name").asString("").equals(name) ? 1 : 0;
        }
        return count;
    }

    private static void awaitLog(EngineHandle handle, String text) throws InterruptedException {
        Instant deadline = Instant.now().plus(JOB_TIMEOUT);
        while (adapter.logs(handle, 1000).stream().noneMatch(line -> line.contains(text))) {
            EngineStatus status = adapter.status(handle);
            if (status.state().isTerminal() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("no '" + text + "' in the log of " + status + ": " + adapter.logs(handle, 50));
            }
            Thread.sleep(100);
        }
    }

    private static EngineStatus await(EngineHandle handle, Predicate<EngineStatus> condition) {
        return awaitWith(adapter, handle, condition);
    }

    private static EngineStatus awaitWith(
            LivyEngineAdapter adapter, EngineHandle handle, Predicate<EngineStatus> condition) {
        return EtlFixture.await(adapter, handle, condition, JOB_TIMEOUT);
    }

    /** Writes to both streams. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        TeeStream(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public synchronized void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}

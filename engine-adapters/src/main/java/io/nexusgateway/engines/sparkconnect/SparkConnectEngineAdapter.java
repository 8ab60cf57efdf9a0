package io.nexusgateway.engines.sparkconnect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.nexusgateway.engines.Engine;
import io.nexusgateway.engines.EngineAdapter;
import io.nexusgateway.engines.EngineException;
import io.nexusgateway.engines.EngineHandle;
import io.nexusgateway.engines.EngineJob;
import io.nexusgateway.engines.EngineJobState;
import io.nexusgateway.engines.EngineStatus;
import io.nexusgateway.engines.EtlJobs;
import io.nexusgateway.engines.runtime.EngineClasspath;
import io.nexusgateway.engines.runtime.EngineProcess;
import io.nexusgateway.engines.runtime.SparkConnectServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Spark jobs through a Spark Connect server. Each job runs in a child JVM of its own ({@code
 * io.nexusgateway.spark.connect.JobRunner} of module {@code spark-connect-runner}, with the Spark Connect client's
 * classpath): the control plane never loads Spark classes, and a job outlives a restart of the control plane.
 *
 * <p>A job's directory {@code <jobsDir>/<jobId>/} (mode 0700) holds {@code job.json} (the job, no password: the runner
 * exchanges the credential ticket itself), {@code runner.json} (the child's pid and start time), the runner's log and
 * {@code status.jsonl}, the runner's reports; status, cancel, logs and {@link #find} read them, so any adapter instance
 * given the handle (or the job id) follows the job. Cancel interrupts the job's tagged operations on the server
 * ({@code SparkSession.interruptTag}, from a short {@code cancel} run of the runner in the job's session), then stops
 * the runner.
 */
public final class SparkConnectEngineAdapter implements EngineAdapter {
    public static final String NAME = "spark-connect";

    /** The runner's main class in module {@code spark-connect-runner}. */
    public static final String RUNNER_MAIN_CLASS = "io.nexusgateway.spark.connect.JobRunner";

    static final String ATTRIBUTE_JOB_DIR = "jobDir";
    static final String ATTRIBUTE_PID = "pid";
    static final String ATTRIBUTE_PID_STARTED = "pidStartedAt";
    static final String ATTRIBUTE_TAG = "tag";
    static final String ATTRIBUTE_SESSION_ID = "sessionId";

    // the contract with JobRunner: file names in the job dir
    static final String JOB_FILE = "job.json";
    static final String RUNNER_FILE = "runner.json";
    static final String STATUS_FILE = "status.jsonl";
    static final String CANCEL_MARKER = "cancel-requested";
    static final String RUNNER_LOG = "runner.log";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CANCEL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final String connectUrl;
    private final Path jobsDir;
    private final List<Path> runnerClasspath;
    private final List<String> jvmOptions;

    /**
     * @param connectUrl the server, {@code sc://host:port}
     * @param jobsDir where job directories are made; only the control plane's user may read it
     * @param runnerClasspath the runner's jar plus the Spark Connect client's jars, see {@link #runnerClasspath}
     */
    public SparkConnectEngineAdapter(String connectUrl, Path jobsDir, List<Path> runnerClasspath) {
        this.connectUrl = requireNonNull(connectUrl, "connectUrl is null");
        this.jobsDir = requireNonNull(jobsDir, "jobsDir is null").toAbsolutePath();
        this.runnerClasspath = List.copyOf(runnerClasspath);
        List<String> options = new ArrayList<>(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        options.addAll(SparkConnectServer.JAVA_MODULE_OPTIONS);
        this.jvmOptions = List.copyOf(options);
    }

    /** The runner's classpath: {@code runnerJar} and the Spark Connect client, resolved once into {@code cacheDir}. */
    public static List<Path> runnerClasspath(Path runnerJar, Path cacheDir) {
        List<Path> classpath = new ArrayList<>();
        classpath.add(runnerJar);
        classpath.addAll(EngineClasspath.resolve(SparkConnectServer.CLIENT_ENGINE, cacheDir));
        return List.copyOf(classpath);
    }

    private void requireReachable() {
        URI server = URI.create(connectUrl.replaceFirst("^sc://", "http://"));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 2000);
        } catch (IOException | IllegalArgumentException e) {
            throw new EngineException(
                    EngineException.Kind.UNAVAILABLE,
                    "the Spark Connect server " + connectUrl + " cannot be reached: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Engine engine() {
        return Engine.SPARK;
    }

    @Override
    public EngineHandle submit(EngineJob job) {
        if (job.streaming()) {
            throw new EngineException(EngineException.Kind.REJECTED, "Spark Connect runs batch jobs only");
        }
        // a runner started against a server that is down would wait in the client's retries; the job waits here
        requireReachable();
        ObjectNode document = document(job);
        Path jobDir = jobDir(job.id());
        try {
            Files.createDirectories(
                    jobsDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createDirectory(
                    jobDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // submitted before (an answer lost): the same job, not a second run
            return find(job.id())
                    .orElseThrow(() -> new EngineException(
                            EngineException.Kind.REJECTED,
                            "job " + job.id() + " was submitted before and did not start"));
        } catch (IOException e) {
            throw new EngineException(
                    EngineException.Kind.UNAVAILABLE, "cannot make the job's directory: " + e.getMessage(), e);
        }
        try {
            Path jobFile = jobDir.resolve(JOB_FILE);
            Files.createFile(
                    jobFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(jobFile, JSON.writeValueAsString(document), UTF_8);
            EngineProcess runner = EngineProcess.start(
                    "runner",
                    runnerClasspath,
                    jvmOptions,
                    RUNNER_MAIN_CLASS,
                    List.of("run", jobDir.toString()),
                    Map.of(),
                    jobDir);
            String startedAt = startInstant(runner.pid()).map(Instant::toString).orElse("");
            Map<String, Object> runnerInfo = new LinkedHashMap<>();
            runnerInfo.put("pid", runner.pid());
            runnerInfo.put("startedAt", startedAt);
            Files.writeString(jobDir.resolve(RUNNER_FILE), JSON.writeValueAsString(runnerInfo), UTF_8);
            return handle(job.id(), jobDir, runner.pid(), startedAt);
        } catch (IOException | UncheckedIOException e) {
            throw new EngineException(
                    EngineException.Kind.UNAVAILABLE, "cannot start the job runner: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<EngineHandle> find(UUID jobId) {
        Path jobDir = jobDir(jobId);
        Path runnerFile = jobDir.resolve(RUNNER_FILE);
        if (!Files.isRegularFile(runnerFile)) {
            return Optional.empty();
        }
        JsonNode runner = JSON.readTree(runnerFile.toFile());
        EngineHandle handle = handle(
                jobId,
                jobDir,
                runner.path("pid").asLong(),
                runner.path("startedAt").asString(""));
        return Optional.of(status(handle).handle());
    }

    @Override
    public EngineStatus status(EngineHandle handle) {
        Path jobDir = jobDir(handle);
        if (!Files.isDirectory(jobDir)) {
            return EngineStatus.failed(EngineJobState.LOST, handle, "the job's directory " + jobDir + " is gone");
        }
        Report report = Report.read(jobDir.resolve(STATUS_FILE));
        EngineHandle current = report.sessionId() == null
                        || handle.attribute(ATTRIBUTE_SESSION_ID).isPresent()
                ? handle
                : handle.withAttribute(ATTRIBUTE_SESSION_ID, report.sessionId());
        if (report.state() != null && report.state().isTerminal()) {
            return new EngineStatus(
                    report.state(),
                    report.state() == EngineJobState.SUCCEEDED ? OptionalDouble.of(100) : OptionalDouble.empty(),
                    report.rows() == null ? OptionalLong.empty() : OptionalLong.of(report.rows()),
                    OptionalLong.empty(),
                    Optional.ofNullable(report.message()),
                    current);
        }
        if (runnerAlive(handle)) {
            return EngineStatus.of(report.state() == null ? EngineJobState.QUEUED : report.state(), current);
        }
        // the runner may have written its final line just before it exited
        report = Report.read(jobDir.resolve(STATUS_FILE));
        if (report.state() != null && report.state().isTerminal()) {
            return status(current);
        }
        if (Files.exists(jobDir.resolve(CANCEL_MARKER))) {
            return EngineStatus.of(EngineJobState.CANCELLED, current);
        }
        return EngineStatus.failed(
                EngineJobState.FAILED,
                current,
                "the job runner (pid " + handle.attribute(ATTRIBUTE_PID).orElse("?")
                        + ") exited without reporting an outcome; see its log");
    }

    /**
     * {@inheritDoc}
     *
     * <p>A runner that died without reporting may have left its operation running on the server: cancel interrupts
     * that too, and the job stays {@link EngineJobState#FAILED}.
     */
    @Override
    public void cancel(EngineHandle handle) {
        Path jobDir = jobDir(handle);
        EngineJobState reported = Report.read(jobDir.resolve(STATUS_FILE)).state();
        if (reported != null && reported.isTerminal()) {
            return;
        }
        boolean alive = runnerAlive(handle);
        if (alive) {
            try {
                Files.writeString(jobDir.resolve(CANCEL_MARKER), Instant.now().toString(), UTF_8);
            } catch (IOException e) {
                throw new EngineException(
                        EngineException.Kind.UNAVAILABLE, "cannot mark the job cancelled: " + e.getMessage(), e);
            }
        }
        // interrupt the job's operations on the server: the runner's session, joined by a short run of the runner
        try (EngineProcess canceller = EngineProcess.start(
                "cancel",
                runnerClasspath,
                jvmOptions,
                RUNNER_MAIN_CLASS,
                List.of("cancel", jobDir.toString()),
                Map.of(),
                jobDir)) {
            awaitExit(canceller, CANCEL_TIMEOUT);
        }
        if (!alive) {
            return;
        }
        Instant deadline = Instant.now().plus(STOP_TIMEOUT);
        while (runnerAlive(handle) && Instant.now().isBefore(deadline)) {
            pause();
        }
        runnerProcess(handle).ifPresent(process -> {
            // a runner still going (its session unreachable) is stopped; its shutdown hook reports CANCELLED
            process.destroy();
            Instant killDeadline = Instant.now().plus(STOP_TIMEOUT);
            while (process.isAlive() && Instant.now().isBefore(killDeadline)) {
                pause();
            }
            process.destroyForcibly();
        });
    }

    @Override
    public List<String> logs(EngineHandle handle, int maxLines) {
        Path log = jobDir(handle).resolve(RUNNER_LOG);
        if (!Files.isRegularFile(log)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(log, UTF_8);
            return List.copyOf(lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
        } catch (IOException e) {
            throw new EngineException(
                    EngineException.Kind.UNAVAILABLE, "cannot read the runner's log: " + e.getMessage(), e);
        }
    }

    // the job document every ETL application reads, and where this runner finds the server
    private ObjectNode document(EngineJob job) {
        ObjectNode document = JSON.valueToTree(EtlJobs.document(job));
        document.put("connectUrl", connectUrl);
        document.put("tag", tag(job.id()));
        return document;
    }

    /** The tag of the job's Spark Connect operations, also the engine's job id shown to users. */
    static String tag(UUID jobId) {
        return "nexus-job-" + jobId;
    }

    private Path jobDir(UUID jobId) {
        return jobsDir.resolve(jobId.toString());
    }

    private static Path jobDir(EngineHandle handle) {
        return Path.of(handle.attribute(ATTRIBUTE_JOB_DIR)
                .orElseThrow(() -> new IllegalArgumentException("not a " + NAME + " handle: " + handle)));
    }

    private static EngineHandle handle(UUID jobId, Path jobDir, long pid, String startedAt) {
        Map<String, String> attributes = new TreeMap<>();
        attributes.put(ATTRIBUTE_JOB_DIR, jobDir.toString());
        attributes.put(ATTRIBUTE_PID, Long.toString(pid));
        attributes.put(ATTRIBUTE_PID_STARTED, startedAt);
        attributes.put(ATTRIBUTE_TAG, tag(jobId));
        return new EngineHandle(NAME, tag(jobId), attributes, Optional.empty());
    }

    private static boolean runnerAlive(EngineHandle handle) {
        return runnerProcess(handle).isPresent();
    }

    // the runner if it still runs: same pid and same start time, so a reused pid is not mistaken for it
    private static Optional<ProcessHandle> runnerProcess(EngineHandle handle) {
        long pid = Long.parseLong(handle.attribute(ATTRIBUTE_PID).orElse("-1"));
        String startedAt = handle.attribute(ATTRIBUTE_PID_STARTED).orElse("");
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> startedAt.isEmpty()
                        || process.info()
                                .startInstant()
                                .map(Instant::toString)
                                .orElse("")
                                .equals(startedAt));
    }

    private static Optional<Instant> startInstant(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().startInstant());
    }

    private static void awaitExit(EngineProcess process, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (process.isAlive() && Instant.now().isBefore(deadline)) {
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted", e);
        }
    }

    /** What the runner's status file says last. */
    private record Report(
            @Nullable EngineJobState state,
            @Nullable String sessionId,
            @Nullable Long rows,
            @Nullable String message) {
        static Report read(Path file) {
            if (!Files.isRegularFile(file)) {
                return new Report(null, null, null, null);
            }
            List<String> lines;
            try {
                lines = Files.readAllLines(file, UTF_8);
            } catch (IOException e) {
                throw new EngineException(
                        EngineException.Kind.UNAVAILABLE, "cannot read the job's status: " + e.getMessage(), e);
            }
            EngineJobState state = null;
            String sessionId = null;
            Long rows = null;
            String message = null;
            for (String line : lines) {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (RuntimeException e) {
                    // a line being written: the next read sees it whole
                    continue;
                }
                state = EngineJobState.valueOf(node.path("state").asString());
                if (node.hasNonNull("sessionId")) {
                    sessionId = node.get("sessionId").asString();
                }
                if (node.hasNonNull("rows")) {
                    rows = node.get("rows").asLong();
                }
                if (node.hasNonNull("message")) {
                    message = node.get("message").asString();
                }
            }
            return new Report(state, sessionId, rows, message);
        }
    }
}

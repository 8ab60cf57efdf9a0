package io.nexusgateway.engines.livy;

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
import io.nexusgateway.etl.EtlJob;
import io.nexusgateway.etl.EtlReport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spark jobs as Livy batches ({@code POST /batches}, Livy 0.7.1): each job runs Nexus' Spark ETL application (module
 * {@code spark-etl}, main class {@link #APPLICATION_MAIN_CLASS}) with the job document as its only argument.
 *
 * <p>A job's directory {@code <jobsDir>/<jobId>/} (mode 0700) holds {@code job.json} (mode 0600; the job, no password:
 * the application redeems the credential ticket itself), a {@code cancel-requested} marker once cancelled, and {@code
 * outcome.json}, the final status with the last lines of the batch's log as first seen, so a batch Livy has since
 * forgotten (after its retention, or a restart of Livy) still ends as it did. Livy must see the job directories and
 * the application's jar ({@code livy.file.local-dir-whitelist}); a remote Livy needs them on a shared file system.
 *
 * <p>The batch is named {@code nexus-job-<jobId>}, which {@link #find} looks for. Livy's states map to the job's:
 * {@code not_started}/{@code starting}/{@code recovering} are queued, {@code running} (spark-submit runs) is running,
 * {@code success} succeeded (rows from the application's report), {@code dead}/{@code error}/{@code killed} failed
 * (the application's message), or cancelled when Nexus cancelled; a batch Livy does not know is lost. Livy's own
 * client, {@code livy-client-http}, speaks only its interactive job API, hence this small client on the JDK's.
 */
public final class LivyEngineAdapter implements EngineAdapter {
    public static final String NAME = "spark-livy";

    /** The ETL application's main class in module {@code spark-etl}. */
    public static final String APPLICATION_MAIN_CLASS = "io.nexusgateway.spark.etl.EtlApplication";

    static final String ATTRIBUTE_BATCH_ID = "batchId";
    static final String ATTRIBUTE_JOB_DIR = "jobDir";
    static final String ATTRIBUTE_BATCH_NAME = "batchName";
    static final String ATTRIBUTE_APP_ID = "appId";

    static final String JOB_FILE = "job.json";
    static final String CANCEL_MARKER = "cancel-requested";
    static final String OUTCOME_FILE = "outcome.json";

    private static final Logger LOG = LoggerFactory.getLogger(LivyEngineAdapter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int OUTCOME_LOG_LINES = 200;
    // a password-like option in a log line ("password=...", "password": "..."): blanked though no line should have one
    private static final Pattern PASSWORD_VALUE =
            Pattern.compile("(?i)((?:password|secret)[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',}]+");

    private final LivyClient livy;
    private final Path jobsDir;
    private final Path applicationJar;
    private final Map<String, String> sparkConf;

    /**
     * @param livyUrl Livy's REST API, e.g. {@code http://127.0.0.1:8998/}
     * @param jobsDir where job directories are made; only the control plane's user (and Livy's) may read it
     * @param applicationJar the spark-etl jar, in a directory Livy's {@code livy.file.local-dir-whitelist} names
     * @param sparkConf Spark properties every batch gets (besides the engine's spark-defaults.conf), never a secret
     */
    public LivyEngineAdapter(URI livyUrl, Path jobsDir, Path applicationJar, Map<String, String> sparkConf) {
        this.livy = new LivyClient(requireNonNull(livyUrl, "livyUrl is null"));
        this.jobsDir = requireNonNull(jobsDir, "jobsDir is null").toAbsolutePath();
        this.applicationJar =
                requireNonNull(applicationJar, "applicationJar is null").toAbsolutePath();
        this.sparkConf = Map.copyOf(sparkConf);
    }

    /** With no Spark properties beyond the engine's defaults. */
    public LivyEngineAdapter(URI livyUrl, Path jobsDir, Path applicationJar) {
        this(livyUrl, jobsDir, applicationJar, Map.of());
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
            throw new EngineException(EngineException.Kind.REJECTED, "Spark through Livy runs batch jobs only");
        }
        EtlJob document = EtlJobs.document(job);
        Path jobDir = jobDir(job.id());
        try {
            Files.createDirectories(
                    jobsDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createDirectory(
                    jobDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // submitted before: if Livy has the batch, it is this job (an answer lost), not a second run
            Optional<EngineHandle> submitted = find(job.id());
            if (submitted.isPresent()) {
                return submitted.orElseThrow();
            }
        } catch (IOException e) {
            throw new EngineException(
                    EngineException.Kind.UNAVAILABLE, "cannot make the job's directory: " + e.getMessage(), e);
        }
        Path jobFile = jobDir.resolve(JOB_FILE);
        writePrivately(jobFile, JSON.writeValueAsString(document));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("file", applicationJar.toString());
        request.put("className", APPLICATION_MAIN_CLASS);
        request.put("args", List.of(jobFile.toString()));
        request.put("name", document.name());
        request.put("conf", sparkConf);
        JsonNode batch;
        try {
            batch = livy.submit(request);
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.REJECTED) {
                return refused(job.id(), e);
            }
            throw e;
        }
        LOG.info("job {}: Livy batch {} ({})", job.id(), batch.path("id").asInt(), document.name());
        return handle(job.id(), batch);
    }

    // Livy 0.7.1 names each batch once: a duplicate name is this job, submitted before. Other refusals (a file
    // outside livy.file.local-dir-whitelist) come after Livy has registered the batch, which then stays "starting"
    // for good: it is deleted, so that it is not found as this job
    private EngineHandle refused(UUID jobId, EngineException refusal) {
        Optional<EngineHandle> registered = find(jobId);
        if (refusal.getMessage().contains("Duplicate session name") && registered.isPresent()) {
            return registered.orElseThrow();
        }
        registered.ifPresent(handle -> livy.delete(batchId(handle)));
        throw refusal;
    }

    @Override
    public Optional<EngineHandle> find(UUID jobId) {
        String name = EtlJob.name(jobId);
        return livy.batches().stream()
                .filter(batch -> name.equals(batch.path("name").asString("")))
                .reduce((first, later) -> later)
                .map(batch -> handle(jobId, batch));
    }

    @Override
    public EngineStatus status(EngineHandle handle) {
        Path jobDir = jobDir(handle);
        Optional<EngineStatus> recorded = Outcome.read(jobDir).map(outcome -> outcome.status(handle));
        if (recorded.isPresent()) {
            return recorded.orElseThrow();
        }
        int batchId = batchId(handle);
        Optional<JsonNode> found = livy.batch(batchId)
                // a restarted Livy counts from 0 again: the same id may be another job's batch
                .filter(batch -> batch.path("name").asString("").equals(batchName(handle)));
        if (found.isEmpty()) {
            if (Files.exists(jobDir.resolve(CANCEL_MARKER))) {
                // Livy forgets a batch when it is deleted
                return record(jobDir, new Outcome(EngineJobState.CANCELLED, null, null, List.of()), handle);
            }
            return EngineStatus.failed(
                    EngineJobState.LOST,
                    handle,
                    "Livy has no batch " + batchId + " named " + batchName(handle)
                            + " (Livy restarted, or the batch expired)");
        }
        JsonNode batch = found.orElseThrow();
        EngineHandle current = withAppInfo(handle, batch);
        LivyBatchState state = LivyBatchState.of(batch.path("state").asString(""));
        return switch (state) {
            case NOT_STARTED, STARTING, RECOVERING -> EngineStatus.of(EngineJobState.QUEUED, current);
            case RUNNING, IDLE, BUSY, SHUTTING_DOWN -> EngineStatus.of(EngineJobState.RUNNING, current);
            case SUCCESS, DEAD, ERROR, KILLED -> record(jobDir, outcome(current, state), current);
        };
    }

    @Override
    public void cancel(EngineHandle handle) {
        EngineStatus status = status(handle);
        if (status.state().isTerminal() || status.state() == EngineJobState.LOST) {
            return;
        }
        Path jobDir = jobDir(handle);
        try {
            Files.writeString(jobDir.resolve(CANCEL_MARKER), Instant.now().toString(), UTF_8);
        } catch (IOException e) {
            throw new EngineException(
                    EngineException.Kind.UNAVAILABLE, "cannot mark the job cancelled: " + e.getMessage(), e);
        }
        // Livy kills spark-submit (the driver, in local and client mode; YARN's application in cluster mode) and
        // forgets the batch
        livy.delete(batchId(handle));
        LOG.info("job {}: Livy batch {} deleted", jobDir.getFileName(), batchId(handle));
    }

    @Override
    public List<String> logs(EngineHandle handle, int maxLines) {
        Optional<Outcome> outcome = Outcome.read(jobDir(handle));
        List<String> lines = outcome.isPresent()
                ? outcome.orElseThrow().log()
                : livy.log(batchId(handle), maxLines).stream()
                        .filter(line -> !isStreamMarker(line))
                        .map(LivyEngineAdapter::redact)
                        .toList();
        return List.copyOf(lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
    }

    // the final status from the application's report in the batch's log
    private Outcome outcome(EngineHandle handle, LivyBatchState state) {
        List<String> log = livy.log(batchId(handle), OUTCOME_LOG_LINES).stream()
                .filter(line -> !isStreamMarker(line))
                .map(LivyEngineAdapter::redact)
                .toList();
        EtlReport report = null;
        for (String line : log) {
            Optional<EtlReport> parsed = EtlReport.parse(line);
            if (parsed.isPresent()) {
                report = parsed.orElseThrow();
            }
        }
        boolean cancelled = Files.exists(jobDir(handle).resolve(CANCEL_MARKER));
        return switch (state) {
            case SUCCESS ->
                new Outcome(
                        EngineJobState.SUCCEEDED,
                        report != null && report.rows().isPresent()
                                ? report.rows().getAsLong()
                                : null,
                        null,
                        log);
            case KILLED ->
                cancelled
                        ? new Outcome(EngineJobState.CANCELLED, null, null, log)
                        : new Outcome(EngineJobState.FAILED, null, "the batch was killed outside Nexus", log);
            case DEAD, ERROR ->
                cancelled
                        ? new Outcome(EngineJobState.CANCELLED, null, null, log)
                        : new Outcome(EngineJobState.FAILED, null, failure(report, log), log);
            case NOT_STARTED, STARTING, RECOVERING, RUNNING, IDLE, BUSY, SHUTTING_DOWN ->
                throw new IllegalArgumentException("not a final state: " + state);
        };
    }

    private static String failure(@Nullable EtlReport report, List<String> log) {
        if (report != null && report.state() == EtlReport.State.FAILED && report.message() != null) {
            return report.message();
        }
        // spark-submit failed before the application reported (a bad jar, a JVM that did not start)
        List<String> tail = log.subList(Math.max(0, log.size() - 5), log.size());
        return "spark-submit ended without the application's report: " + String.join(" | ", tail);
    }

    private EngineStatus record(Path jobDir, Outcome outcome, EngineHandle handle) {
        outcome.write(jobDir);
        return outcome.status(handle);
    }

    private EngineHandle handle(UUID jobId, JsonNode batch) {
        Map<String, String> attributes = new TreeMap<>();
        attributes.put(ATTRIBUTE_BATCH_ID, Integer.toString(batch.path("id").asInt()));
        attributes.put(ATTRIBUTE_BATCH_NAME, EtlJob.name(jobId));
        attributes.put(ATTRIBUTE_JOB_DIR, jobDir(jobId).toString());
        return withAppInfo(
                new EngineHandle(NAME, Integer.toString(batch.path("id").asInt()), attributes, Optional.empty()),
                batch);
    }

    // the application id and Spark UI Livy reports (on YARN and Kubernetes; a local batch has neither)
    private static EngineHandle withAppInfo(EngineHandle handle, JsonNode batch) {
        EngineHandle current = handle;
        String appId = batch.path("appId").asString("");
        if (!appId.isEmpty() && current.attribute(ATTRIBUTE_APP_ID).isEmpty()) {
            current = current.withAttribute(ATTRIBUTE_APP_ID, appId);
        }
        String uiUrl = batch.path("appInfo").path("sparkUiUrl").asString("");
        if (!uiUrl.isEmpty() && current.uiUrl().isEmpty()) {
            current = new EngineHandle(
                    current.adapter(), current.engineJobId(), current.attributes(), Optional.of(uiUrl));
        }
        return current;
    }

    private Path jobDir(UUID jobId) {
        return jobsDir.resolve(jobId.toString());
    }

    private static Path jobDir(EngineHandle handle) {
        return Path.of(handle.attribute(ATTRIBUTE_JOB_DIR)
                .orElseThrow(() -> new IllegalArgumentException("not a " + NAME + " handle: " + handle)));
    }

    private static int batchId(EngineHandle handle) {
        return Integer.parseInt(handle.attribute(ATTRIBUTE_BATCH_ID)
                .orElseThrow(() -> new IllegalArgumentException("not a " + NAME + " handle: " + handle)));
    }

    private static String batchName(EngineHandle handle) {
        return handle.attribute(ATTRIBUTE_BATCH_NAME)
                .orElseThrow(() -> new IllegalArgumentException("not a " + NAME + " handle: " + handle));
    }

    // Livy's log of a batch starts its two streams with these
    private static boolean isStreamMarker(String line) {
        return line.equals("stdout: ") || line.equals("\nstderr: ");
    }

    static String redact(String line) {
        return PASSWORD_VALUE.matcher(line).replaceAll("$1***");
    }

    // written whole or not at all, readable by the owner only
    private static void writePrivately(Path file, String content) {
        try {
            Path partial = Files.createTempFile(
                    file.getParent(),
                    file.getFileName().toString(),
                    ".partial",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(partial, content, UTF_8);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EngineException(
                    EngineException.Kind.UNAVAILABLE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A final status as first seen, kept in the job's directory. No secret: the log lines are redacted. */
    private record Outcome(
            EngineJobState state,
            @Nullable Long rows,
            @Nullable String message,
            List<String> log) {
        Outcome {
            requireNonNull(state, "state is null");
            log = List.copyOf(log);
        }

        EngineStatus status(EngineHandle handle) {
            return new EngineStatus(
                    state,
                    state == EngineJobState.SUCCEEDED ? OptionalDouble.of(100) : OptionalDouble.empty(),
                    rows == null ? OptionalLong.empty() : OptionalLong.of(rows),
                    OptionalLong.empty(),
                    Optional.ofNullable(message),
                    handle);
        }

        void write(Path jobDir) {
            Map<String, Object> outcome = new LinkedHashMap<>();
            outcome.put("state", state.name());
            outcome.put("rows", rows);
            outcome.put("message", message);
            outcome.put("log", log);
            writePrivately(jobDir.resolve(OUTCOME_FILE), JSON.writeValueAsString(outcome));
        }

        static Optional<Outcome> read(Path jobDir) {
            Path file = jobDir.resolve(OUTCOME_FILE);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            JsonNode node = JSON.readTree(file.toFile());
            List<String> log = new ArrayList<>();
            node.path("log").forEach(line -> log.add(line.asString()));
            return Optional.of(new Outcome(
                    EngineJobState.valueOf(node.path("state").asString()),
                    node.hasNonNull("rows") ? node.get("rows").asLong() : null,
                    node.hasNonNull("message") ? node.get("message").asString() : null,
                    log));
        }
    }
}

package io.nexusgateway.engines.flink;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.nexusgateway.connectors.EngineConnection;
import io.nexusgateway.engines.Engine;
import io.nexusgateway.engines.EngineAdapter;
import io.nexusgateway.engines.EngineDatasource;
import io.nexusgateway.engines.EngineException;
import io.nexusgateway.engines.EngineHandle;
import io.nexusgateway.engines.EngineJob;
import io.nexusgateway.engines.EngineJobState;
import io.nexusgateway.engines.EngineStatus;
import io.nexusgateway.engines.EngineTable;
import io.nexusgateway.etl.QueryRewriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Flink jobs through a Flink SQL Gateway's REST API (v1) and the session cluster it submits to (its REST API, for
 * what the gateway does not tell: the state of a job, its exceptions, its savepoints).
 *
 * <p>Submit opens a session ({@code execution.runtime-mode} batch or streaming, {@code pipeline.name} {@code
 * nexus-job-<jobId>} so {@link #find} can locate the job, {@code table.dml-sync} false), declares each input and the
 * target as a temporary table with connector {@code nexus-jdbc} (module {@code flink-gateway-extension}, on the
 * gateway's classpath: the datasource's Flink JDBC options plus the job's credential ticket, no password), runs {@code
 * INSERT INTO <target> <query>} with the tables' three-part names rewritten to those tables, and answers once the
 * INSERT's operation gave the job id: the job runs on in the cluster. The password is fetched by the
 * connector, in the gateway's JVM, when the INSERT is planned; it is in no statement, session or job configuration.
 *
 * <p>Cancel is {@code STOP JOB '<id>' WITH SAVEPOINT} for a streaming job ({@code STOP JOB '<id>'}, Flink's cancel,
 * for a batch one), in a short session of its own, so it works from any adapter instance given the handle. A job
 * stopped with a savepoint ends FINISHED in Flink; it is {@link EngineJobState#CANCELLED} here, with the savepoint's
 * path in its handle ({@link #ATTRIBUTE_SAVEPOINT}).
 */
public final class FlinkSqlGatewayEngineAdapter implements EngineAdapter {
    public static final String NAME = "flink-sql-gateway";

    /** The connector of the tables this adapter declares, from module {@code flink-gateway-extension}. */
    public static final String CONNECTOR = "nexus-jdbc";

    static final String ATTRIBUTE_SESSION = "sessionHandle";
    static final String ATTRIBUTE_OPERATION = "operationHandle";
    static final String ATTRIBUTE_PIPELINE = "pipelineName";
    static final String ATTRIBUTE_MODE = "runtimeMode";
    static final String ATTRIBUTE_SAVEPOINT = "savepointPath";

    private static final String TARGET_TABLE = "nexus_target";
    private static final String INPUT_TABLE_PREFIX = "nexus_input_";
    // rows per round trip when reading a source: bounded memory, and a job being cancelled stops between fetches
    private static final String SCAN_FETCH_SIZE = "100";
    private static final Logger LOG = LoggerFactory.getLogger(FlinkSqlGatewayEngineAdapter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern DECIMAL = Pattern.compile("decimal\\((\\d+)\\s*,\\s*(\\d+)\\)");
    private static final Pattern PRECISION = Pattern.compile("(varchar|char|time|timestamp)\\((\\d+)\\)(.*)");

    private final URI gatewayUrl;
    private final URI clusterUrl;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Duration statementTimeout;

    /**
     * @param gatewayUrl the SQL Gateway's REST endpoint, e.g. {@code http://127.0.0.1:8083/}
     * @param clusterUrl the REST API of the cluster the gateway submits to, e.g. {@code http://127.0.0.1:8081/}
     * @param statementTimeout how long a statement (the INSERT's planning and submission, a stop with savepoint) may
     *     take
     */
    public FlinkSqlGatewayEngineAdapter(URI gatewayUrl, URI clusterUrl, Duration statementTimeout) {
        this.gatewayUrl = withSlash(requireNonNull(gatewayUrl, "gatewayUrl is null"));
        this.clusterUrl = withSlash(requireNonNull(clusterUrl, "clusterUrl is null"));
        this.statementTimeout = requireNonNull(statementTimeout, "statementTimeout is null");
        this.requestTimeout = Duration.ofSeconds(30);
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Engine engine() {
        return Engine.FLINK;
    }

    @Override
    public EngineHandle submit(EngineJob job) {
        List<String> statements = statements(job);
        // submitted before (an answer lost): the same job, not a second run
        Optional<EngineHandle> existing = find(job.id());
        if (existing.isPresent()) {
            return existing.orElseThrow();
        }
        String pipelineName = pipelineName(job.id());
        Map<String, String> properties = new TreeMap<>();
        properties.put("execution.runtime-mode", job.streaming() ? "streaming" : "batch");
        properties.put("pipeline.name", pipelineName);
        // the INSERT's operation ends when the job is submitted, not when it ends
        properties.put("table.dml-sync", "false");
        String session = openSession(pipelineName, properties);
        boolean submitted = false;
        try {
            for (String declaration : statements.subList(0, statements.size() - 1)) {
                awaitResult(session, execute(session, declaration));
            }
            String operation = execute(session, statements.getLast());
            JsonNode result = awaitResult(session, operation);
            String flinkJobId = result.path("jobID").asString("");
            if (flinkJobId.isEmpty()) {
                flinkJobId = firstField(result)
                        .orElseThrow(() -> new EngineException(
                                EngineException.Kind.UNAVAILABLE, "the gateway answered no job id for the INSERT"));
            }
            Map<String, String> attributes = new TreeMap<>();
            attributes.put(ATTRIBUTE_SESSION, session);
            attributes.put(ATTRIBUTE_OPERATION, operation);
            attributes.put(ATTRIBUTE_PIPELINE, pipelineName);
            attributes.put(ATTRIBUTE_MODE, job.streaming() ? "streaming" : "batch");
            submitted = true;
            return new EngineHandle(NAME, flinkJobId, attributes, Optional.of(dashboardUrl(flinkJobId, false)));
        } finally {
            // a submitted job's session stays, for a look at its configuration; the gateway drops it when idle
            // (sql-gateway.session.idle-timeout), and the job runs on in the cluster whatever becomes of it
            if (!submitted) {
                closeSession(session);
            }
        }
    }

    @Override
    public Optional<EngineHandle> find(UUID jobId) {
        String pipelineName = pipelineName(jobId);
        JsonNode overview = clusterGet("jobs/overview")
                .orElseThrow(
                        () -> new EngineException(EngineException.Kind.UNAVAILABLE, "the cluster has no jobs API"));
        JsonNode latest = null;
        for (JsonNode flinkJob : overview.path("jobs")) {
            if (flinkJob.path("name").asString("").equals(pipelineName)
                    && (latest == null
                            || flinkJob.path("start-time").asLong()
                                    > latest.path("start-time").asLong())) {
                latest = flinkJob;
            }
        }
        if (latest == null) {
            return Optional.empty();
        }
        String flinkJobId = latest.path("jid").asString();
        Optional<JsonNode> details = clusterGet("jobs/" + flinkJobId);
        String mode = details.map(node -> node.path("job-type").asString(""))
                        .orElse("")
                        .equals("STREAMING")
                ? "streaming"
                : "batch";
        Map<String, String> attributes = new TreeMap<>();
        attributes.put(ATTRIBUTE_PIPELINE, pipelineName);
        attributes.put(ATTRIBUTE_MODE, mode);
        return Optional.of(
                new EngineHandle(NAME, flinkJobId, attributes, Optional.of(dashboardUrl(flinkJobId, false))));
    }

    @Override
    public EngineStatus status(EngineHandle handle) {
        String flinkJobId = handle.engineJobId();
        Optional<JsonNode> details = clusterGet("jobs/" + flinkJobId);
        if (details.isEmpty()) {
            return EngineStatus.failed(
                    EngineJobState.LOST, handle, "the Flink cluster no longer knows job " + flinkJobId);
        }
        JsonNode job = details.orElseThrow();
        String stateText = job.path("state").asString("");
        Optional<FlinkJobStatus> flinkState = FlinkJobStatus.fromWire(stateText);
        // a state of a newer Flink is taken as running, not as an end
        FlinkJobStatus state = flinkState.orElse(FlinkJobStatus.RUNNING);
        OptionalDouble progress = progress(job);
        return switch (state) {
            case INITIALIZING, CREATED, RECONCILING -> EngineStatus.of(EngineJobState.QUEUED, handle);
            case RUNNING ->
                tasksStarted(job)
                        ? new EngineStatus(
                                EngineJobState.RUNNING,
                                progress,
                                OptionalLong.empty(),
                                OptionalLong.empty(),
                                Optional.empty(),
                                handle)
                        : EngineStatus.of(EngineJobState.QUEUED, handle);
            case FAILING, RESTARTING, CANCELLING, SUSPENDED ->
                new EngineStatus(
                        EngineJobState.RUNNING,
                        progress,
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        Optional.empty(),
                        handle);
            case FINISHED -> finished(ended(handle), job);
            case CANCELED -> EngineStatus.of(EngineJobState.CANCELLED, ended(handle));
            case FAILED -> EngineStatus.failed(EngineJobState.FAILED, ended(handle), failure(flinkJobId));
        };
    }

    /**
     * {@inheritDoc}
     *
     * <p>A streaming job whose savepoint fails (Flink's message says why) is cancelled without one: the user asked for
     * it to end.
     */
    @Override
    public void cancel(EngineHandle handle) {
        if (status(handle).state().isTerminal()) {
            return;
        }
        String stop = "STOP JOB '" + handle.engineJobId().replace("'", "''") + "'";
        boolean streaming = handle.attribute(ATTRIBUTE_MODE).orElse("batch").equals("streaming");
        if (streaming) {
            // a savepoint needs the job's tasks running: a job still being deployed is waited for
            Instant deadline = Instant.now().plus(statementTimeout);
            EngineJobState state = status(handle).state();
            while (state == EngineJobState.QUEUED && Instant.now().isBefore(deadline)) {
                pause();
                state = status(handle).state();
            }
            if (state.isTerminal()) {
                return;
            }
            try {
                runAlone(handle, stop + " WITH SAVEPOINT");
                return;
            } catch (EngineException e) {
                if (e.kind() != EngineException.Kind.REJECTED) {
                    throw e;
                }
                LOG.warn(
                        "Flink job {} could not stop with a savepoint, cancelling it: {}",
                        handle.engineJobId(),
                        e.getMessage());
            }
        }
        runAlone(handle, stop);
    }

    // a statement in a session of its own; failing on a job that has ended meanwhile is no failure
    private void runAlone(EngineHandle handle, String statement) {
        String session = openSession("nexus-cancel-" + handle.engineJobId(), Map.of());
        try {
            awaitResult(session, execute(session, statement));
        } catch (EngineException e) {
            if (!status(handle).state().isTerminal()) {
                throw e;
            }
        } finally {
            closeSession(session);
        }
    }

    @Override
    public List<String> logs(EngineHandle handle, int maxLines) {
        List<String> lines = new ArrayList<>();
        Optional<JsonNode> details = clusterGet("jobs/" + handle.engineJobId());
        if (details.isEmpty()) {
            return List.of("Flink job " + handle.engineJobId() + ": unknown to the cluster");
        }
        JsonNode job = details.orElseThrow();
        lines.add("Flink job " + handle.engineJobId() + " (" + job.path("name").asString("") + ", "
                + job.path("job-type").asString("") + "): " + job.path("state").asString(""));
        for (JsonNode vertex : job.path("vertices")) {
            lines.add("  " + vertex.path("name").asString("") + ": "
                    + vertex.path("status").asString("") + ", parallelism "
                    + vertex.path("parallelism").asInt());
        }
        clusterGet("jobs/" + handle.engineJobId() + "/exceptions").ifPresent(exceptions -> {
            for (JsonNode entry : exceptions.path("exceptionHistory").path("entries")) {
                lines.addAll(List.of(entry.path("stacktrace").asString("").split("\n")));
            }
        });
        return List.copyOf(lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
    }

    /** The statements {@link #submit} runs for {@code job}: the tables' declarations, then the INSERT. */
    static List<String> statements(EngineJob job) {
        if (job.target().columns().isEmpty()) {
            throw new EngineException(
                    EngineException.Kind.REJECTED, "Flink needs the target's columns to declare it; none were given");
        }
        List<String> statements = new ArrayList<>();
        List<QueryRewriter.Name> names = new ArrayList<>();
        int index = 0;
        for (EngineTable input : job.inputs()) {
            String table = INPUT_TABLE_PREFIX + index++;
            Map<String, String> options = options(job, input, false);
            options.put("scan.fetch-size", SCAN_FETCH_SIZE);
            statements.add(createTable(table, input, options));
            names.add(new QueryRewriter.Name(input.catalog(), input.schema(), input.table(), table));
        }
        EngineTable target = job.target();
        Map<String, String> targetOptions = options(job, target, true);
        if (job.writeMode() == EngineJob.WriteMode.OVERWRITE) {
            targetOptions.put("nexus.overwrite", "true");
        }
        statements.add(createTable(TARGET_TABLE, target, targetOptions));
        statements.add("INSERT INTO `" + TARGET_TABLE + "` " + QueryRewriter.rewrite(job.query(), names, true));
        return List.copyOf(statements);
    }

    private static Map<String, String> options(EngineJob job, EngineTable table, boolean isTarget) {
        EngineDatasource datasource = job.datasource(table);
        EngineConnection connection = datasource
                .connection()
                .orElseThrow(() -> new EngineException(
                        EngineException.Kind.REJECTED,
                        "catalog '%s' (%s) is served by Trino only; Flink cannot read it"
                                .formatted(datasource.catalog(), datasource.type())));
        if (isTarget && !datasource.writable()) {
            throw new EngineException(
                    EngineException.Kind.REJECTED, "catalog '%s' is read-only".formatted(datasource.catalog()));
        }
        Map<String, String> options = new TreeMap<>(connection.flinkOptions());
        options.remove("password");
        options.put("connector", CONNECTOR);
        options.put("table-name", table.schema() + "." + table.table());
        options.put("nexus.catalog", datasource.catalog());
        options.put("nexus.has-password", Boolean.toString(datasource.hasPassword()));
        // single-use: worth nothing once the connector redeemed it, when the INSERT was planned
        options.put("nexus.ticket", job.credentials().token());
        options.put("nexus.exchange-url", job.credentials().exchangeUrl().toString());
        return options;
    }

    private static String createTable(String name, EngineTable table, Map<String, String> options) {
        if (table.columns().isEmpty()) {
            throw new EngineException(
                    EngineException.Kind.REJECTED, "table " + table.quotedName() + " has no columns to declare");
        }
        String columns = table.columns().stream()
                .map(column -> "`" + column.name().replace("`", "``") + "` " + flinkType(column))
                .collect(Collectors.joining(", "));
        String with = options.entrySet().stream()
                .map(option -> literal(option.getKey()) + " = " + literal(option.getValue()))
                .collect(Collectors.joining(", "));
        return "CREATE TEMPORARY TABLE `" + name + "` (" + columns + ") WITH (" + with + ")";
    }

    /** The Flink SQL type of a Trino type. */
    static String flinkType(EngineTable.Column column) {
        String type = column.trinoType().strip().toLowerCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(type);
        if (decimal.matches()) {
            return "DECIMAL(" + decimal.group(1) + ", " + decimal.group(2) + ")";
        }
        Matcher precision = PRECISION.matcher(type);
        if (precision.matches()) {
            String kind = precision.group(1);
            String size = precision.group(2);
            String rest = precision.group(3).strip();
            if (kind.equals("timestamp") && rest.equals("with time zone")) {
                return "TIMESTAMP_LTZ(" + size + ")";
            }
            if (rest.isEmpty()) {
                return kind.toUpperCase(Locale.ROOT) + "(" + size + ")";
            }
        }
        return switch (type) {
            case "boolean" -> "BOOLEAN";
            case "tinyint" -> "TINYINT";
            case "smallint" -> "SMALLINT";
            case "integer", "int" -> "INT";
            case "bigint" -> "BIGINT";
            case "real" -> "FLOAT";
            case "double" -> "DOUBLE";
            case "varchar", "json", "uuid" -> "STRING";
            case "varbinary" -> "BYTES";
            case "date" -> "DATE";
            case "time" -> "TIME(3)";
            case "timestamp" -> "TIMESTAMP(3)";
            case "timestamp with time zone" -> "TIMESTAMP_LTZ(3)";
            default ->
                throw new EngineException(
                        EngineException.Kind.REJECTED,
                        "column '%s' has type %s, which Flink's JDBC connector cannot read or write"
                                .formatted(column.name(), column.trinoType()));
        };
    }

    static String pipelineName(UUID jobId) {
        return "nexus-job-" + jobId;
    }

    private EngineStatus finished(EngineHandle handle, JsonNode job) {
        if (job.path("job-type").asString("").equals("STREAMING")) {
            // stopped with a savepoint: Flink says FINISHED, the user asked for it to end
            Optional<String> savepoint = clusterGet("jobs/" + handle.engineJobId() + "/checkpoints")
                    .map(checkpoints -> checkpoints.path("latest").path("savepoint"))
                    .filter(latest ->
                            latest.path("checkpoint_type").asString("").equals("SYNC_SAVEPOINT"))
                    .map(latest -> latest.path("external_path").asString(""))
                    .filter(path -> !path.isEmpty());
            if (savepoint.isPresent()) {
                return EngineStatus.of(
                        EngineJobState.CANCELLED, handle.withAttribute(ATTRIBUTE_SAVEPOINT, savepoint.orElseThrow()));
            }
        }
        return new EngineStatus(
                EngineJobState.SUCCEEDED,
                OptionalDouble.of(100),
                OptionalLong.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                handle);
    }

    /**
     * Whether a job Flink calls RUNNING runs tasks: all of them for a streaming job (they are deployed together, and a
     * savepoint needs every one), any for a batch job (its later stages start when earlier ones finish). Until then
     * the job waits for slots or is being deployed.
     */
    private static boolean tasksStarted(JsonNode job) {
        boolean streaming = job.path("job-type").asString("").equals("STREAMING");
        boolean any = false;
        boolean all = true;
        for (JsonNode vertex : job.path("vertices")) {
            String state = vertex.path("status").asString("");
            boolean started = state.equals("RUNNING") || state.equals("FINISHED");
            any |= started;
            all &= started;
        }
        return streaming ? any && all : any;
    }

    // the share of the job's tasks that finished
    private static OptionalDouble progress(JsonNode job) {
        int total = 0;
        int finished = 0;
        for (JsonNode vertex : job.path("vertices")) {
            int parallelism = vertex.path("parallelism").asInt();
            total += parallelism;
            finished += vertex.path("tasks").path("FINISHED").asInt();
        }
        return total == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * finished / total);
    }

    // Flink's message: the deepest cause of the job's latest exception
    private String failure(String flinkJobId) {
        return clusterGet("jobs/" + flinkJobId + "/exceptions")
                .map(exceptions -> exceptions.path("exceptionHistory").path("entries"))
                .filter(entries -> !entries.isEmpty())
                .map(entries -> rootCause(entries.get(0).path("stacktrace").asString("")))
                .orElse("the Flink job failed without an exception");
    }

    /** The last {@code Caused by:} line of a Java stack trace, else its first line. */
    static String rootCause(String stackTrace) {
        String cause = null;
        for (String line : stackTrace.split("\n")) {
            String stripped = line.strip();
            if (stripped.startsWith("Caused by: ")) {
                cause = stripped.substring("Caused by: ".length());
            }
        }
        if (cause != null) {
            return cause;
        }
        String first = stackTrace.strip().split("\n", 2)[0].strip();
        return first.isEmpty() ? "no message" : first;
    }

    private String openSession(String name, Map<String, String> properties) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessionName", name);
        body.put("properties", properties);
        JsonNode answer = gatewayPost("v1/sessions", body);
        String session = answer.path("sessionHandle").asString("");
        if (session.isEmpty()) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "the gateway opened no session: " + answer);
        }
        return session;
    }

    private void closeSession(String session) {
        try {
            send(HttpRequest.newBuilder(gatewayUrl.resolve("v1/sessions/" + session))
                    .timeout(requestTimeout)
                    .DELETE()
                    .build());
        } catch (EngineException e) {
            // the gateway drops idle sessions itself
        }
    }

    private String execute(String session, String statement) {
        JsonNode answer = gatewayPost("v1/sessions/" + session + "/statements", Map.of("statement", statement));
        String operation = answer.path("operationHandle").asString("");
        if (operation.isEmpty()) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "the gateway answered no operation: " + answer);
        }
        return operation;
    }

    // the operation's first result page once it has ended; its error as REJECTED
    private JsonNode awaitResult(String session, String operation) {
        String base = "v1/sessions/" + session + "/operations/" + operation;
        Instant deadline = Instant.now().plus(statementTimeout);
        while (true) {
            String status = gatewayGet(base + "/status").path("status").asString("");
            switch (status) {
                case "FINISHED" -> {
                    return gatewayGet(base + "/result/0");
                }
                case "ERROR" -> throw new EngineException(EngineException.Kind.REJECTED, operationError(base));
                case "CANCELED", "CLOSED", "TIMEOUT" ->
                    throw new EngineException(
                            EngineException.Kind.UNAVAILABLE, "the gateway's operation ended " + status);
                default -> {
                    if (Instant.now().isAfter(deadline)) {
                        throw new EngineException(
                                EngineException.Kind.UNAVAILABLE,
                                "the gateway's operation did not end within " + statementTimeout);
                    }
                    pause();
                }
            }
        }
    }

    // an operation in error answers its result with 500 and the server's stack trace
    private String operationError(String base) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(gatewayUrl.resolve(base + "/result/0"))
                .timeout(requestTimeout)
                .GET()
                .build());
        StringBuilder trace = new StringBuilder();
        try {
            for (JsonNode error : JSON.readTree(response.body()).path("errors")) {
                trace.append(error.asString("")).append('\n');
            }
        } catch (RuntimeException e) {
            trace.append(response.body());
        }
        return "Flink: " + rootCause(trace.toString());
    }

    private static Optional<String> firstField(JsonNode result) {
        JsonNode data = result.path("results").path("data");
        if (data.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(data.get(0).path("fields").path(0).asString("")).filter(value -> !value.isEmpty());
    }

    private JsonNode gatewayPost(String path, Object body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(gatewayUrl.resolve(path))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), UTF_8))
                .build());
        return json(path, response);
    }

    private JsonNode gatewayGet(String path) {
        return json(
                path,
                send(HttpRequest.newBuilder(gatewayUrl.resolve(path))
                        .timeout(requestTimeout)
                        .GET()
                        .build()));
    }

    // empty if the cluster answers 404 (it does not know the job)
    private Optional<JsonNode> clusterGet(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(clusterUrl.resolve(path))
                .timeout(requestTimeout)
                .GET()
                .build());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(json(path, response));
    }

    private static JsonNode json(String path, HttpResponse<String> response) {
        if (response.statusCode() >= 500) {
            throw new EngineException(
                    EngineException.Kind.UNAVAILABLE, "Flink answered HTTP " + response.statusCode() + " to " + path);
        }
        if (response.statusCode() >= 400) {
            throw new EngineException(
                    EngineException.Kind.REJECTED,
                    "Flink answered HTTP " + response.statusCode() + " to " + path + ": " + errors(response.body()));
        }
        return JSON.readTree(response.body());
    }

    private static String errors(String body) {
        try {
            List<String> errors = new ArrayList<>();
            JSON.readTree(body).path("errors").forEach(error -> errors.add(error.asString("")));
            return errors.isEmpty() ? body : rootCause(String.join("\n", errors));
        } catch (RuntimeException e) {
            return body;
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
        } catch (IOException e) {
            throw new EngineException(
                    EngineException.Kind.UNAVAILABLE, "cannot reach Flink at " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted", e);
        }
    }

    // the cluster's web dashboard, which lists a job under running or completed ones
    private String dashboardUrl(String flinkJobId, boolean ended) {
        return clusterUrl + "#/job/" + (ended ? "completed" : "running") + "/" + flinkJobId + "/overview";
    }

    private EngineHandle ended(EngineHandle handle) {
        return new EngineHandle(
                handle.adapter(),
                handle.engineJobId(),
                handle.attributes(),
                Optional.of(dashboardUrl(handle.engineJobId(), true)));
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static URI withSlash(URI uri) {
        return uri.toString().endsWith("/") ? uri : URI.create(uri + "/");
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted", e);
        }
    }
}

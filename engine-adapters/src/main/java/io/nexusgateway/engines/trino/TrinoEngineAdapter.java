package io.nexusgateway.engines.trino;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.nexusgateway.engines.Engine;
import io.nexusgateway.engines.EngineAdapter;
import io.nexusgateway.engines.EngineException;
import io.nexusgateway.engines.EngineHandle;
import io.nexusgateway.engines.EngineJob;
import io.nexusgateway.engines.EngineJobState;
import io.nexusgateway.engines.EngineStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a job as one Trino query, {@code INSERT INTO <target> <query>}, as the job's user: Trino's access control (the
 * Nexus plugin) checks the grants and the read-only policy again, and the plugin's audit listener records the query.
 *
 * <p>Trino's client protocol moves a query on only while its client fetches {@code nextUri}: the handle keeps the last
 * {@code nextUri}, and every {@link #status} fetches it once, so the control plane's job poller drives the query and a
 * restarted control plane resumes it from the stored handle. Unfetched for {@code query.client.timeout} (5 minutes),
 * Trino abandons the query; the job then fails with Trino's message. {@link EngineJob.WriteMode#OVERWRITE} runs
 * {@code DELETE FROM <target>} first, as its own query, before the insert starts.
 */
public final class TrinoEngineAdapter implements EngineAdapter {
    public static final String NAME = "trino";
    /** The Trino query source of job queries; the client tag {@code nexus-job-<id>} names the job. */
    public static final String SOURCE = "nexus-jobs";

    static final String NEXT_URI = "nextUri";
    static final String USER = "user";
    static final String FINAL_STATE = "finalState";
    static final String ROWS = "rows";
    static final String MESSAGE = "message";
    static final String PHASE = "phase";
    static final String JOB_ID = "jobId";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI server;
    private final HttpClient http;
    private final Function<String, @Nullable String> bearerTokenFor;

    /**
     * @param server Trino's coordinator URL
     * @param http the client (with Trino's TLS trust)
     * @param bearerTokenFor a token Trino accepts for the user, or null where Trino takes the user header alone (HTTP)
     */
    public TrinoEngineAdapter(URI server, HttpClient http, Function<String, @Nullable String> bearerTokenFor) {
        this.server = requireNonNull(server, "server is null");
        this.http = requireNonNull(http, "http is null");
        this.bearerTokenFor = requireNonNull(bearerTokenFor, "bearerTokenFor is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Engine engine() {
        return Engine.TRINO;
    }

    @Override
    public EngineHandle submit(EngineJob job) {
        String insert = "INSERT INTO " + job.target().quotedName() + "\n" + job.query();
        if (job.writeMode() == EngineJob.WriteMode.OVERWRITE) {
            String delete = "DELETE FROM " + job.target().quotedName();
            EngineHandle deleting = start(job.id(), job.user(), delete).withAttribute(PHASE, "delete");
            // the insert is started by status() once the delete has finished, so a poller drives both
            return deleting.withAttribute("insert", insert);
        }
        return start(job.id(), job.user(), insert);
    }

    private EngineHandle start(UUID jobId, String user, String sql) {
        HttpRequest.Builder request = request(server.resolve("/v1/statement"), user)
                .header("X-Trino-Source", SOURCE)
                .header("X-Trino-Client-Tags", tag(jobId))
                .header("X-Trino-Client-Info", jobId.toString())
                .header("X-Trino-Trace-Token", jobId.toString())
                .POST(HttpRequest.BodyPublishers.ofString(sql, UTF_8));
        JsonNode answer = send(request.build(), "submit the job");
        String queryId = answer.path("id").asString("");
        if (queryId.isEmpty()) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "Trino answered no query id");
        }
        Map<String, String> attributes = new TreeMap<>();
        attributes.put(USER, user);
        attributes.put(JOB_ID, jobId.toString());
        text(answer, "nextUri").ifPresent(next -> attributes.put(NEXT_URI, next));
        EngineHandle handle = new EngineHandle(NAME, queryId, attributes, Optional.of(uiUrl(queryId)));
        return answer.has("nextUri") ? handle : finished(handle, answer);
    }

    @Override
    public Optional<EngineHandle> find(UUID jobId, String user) {
        JsonNode queries = send(request(server.resolve("/v1/query"), user).GET().build(), "list queries");
        for (JsonNode query : queries) {
            JsonNode session = query.path("session");
            boolean tagged = false;
            for (JsonNode tag : session.path("clientTags")) {
                tagged |= tag.asString("").equals(tag(jobId));
            }
            if (tagged && session.path("source").asString("").equals(SOURCE)) {
                String queryId = query.path("queryId").asString();
                // the client protocol cannot be resumed without its nextUri: the query is followed by its info
                return Optional.of(new EngineHandle(
                        NAME, queryId, Map.of(USER, user, JOB_ID, jobId.toString()), Optional.of(uiUrl(queryId))));
            }
        }
        return Optional.empty();
    }

    @Override
    public EngineStatus status(EngineHandle handle) {
        Optional<String> finalState = handle.attribute(FINAL_STATE);
        if (finalState.isPresent()) {
            return finalStatus(handle);
        }
        Optional<String> next = handle.attribute(NEXT_URI);
        if (next.isEmpty()) {
            return statusFromInfo(handle);
        }
        HttpResponse<String> response =
                exchange(request(URI.create(next.get()), user(handle)).GET().build(), "poll");
        if (response.statusCode() == 404 || response.statusCode() == 410) {
            return statusFromInfo(handle);
        }
        JsonNode answer = parse(response, "poll");
        EngineHandle advanced = withNext(handle, text(answer, "nextUri").orElse(null));
        if (advanced.attribute(NEXT_URI).isEmpty()) {
            EngineHandle done = finished(advanced, answer);
            if (done.attribute(PHASE).orElse("").equals("delete")
                    && done.attribute(FINAL_STATE).orElse("").equals(EngineJobState.SUCCEEDED.name())) {
                EngineHandle insert = start(
                        UUID.fromString(jobIdOf(handle)),
                        user(handle),
                        handle.attribute("insert").orElseThrow());
                return running(insert, answer);
            }
            return finalStatus(done);
        }
        return running(advanced, answer);
    }

    @Override
    public void cancel(EngineHandle handle) {
        if (handle.attribute(FINAL_STATE).isPresent()) {
            return;
        }
        HttpRequest request = request(server.resolve("/v1/query/" + handle.engineJobId()), user(handle))
                .DELETE()
                .build();
        HttpResponse<String> response = exchange(request, "cancel");
        if (response.statusCode() >= 500) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "Trino answered " + response.statusCode());
        }
    }

    @Override
    public List<String> logs(EngineHandle handle, int maxLines) {
        EngineStatus status = status(handle);
        List<String> lines = new ArrayList<>();
        lines.add("Trino query " + handle.engineJobId() + ": " + status.state());
        status.rows().ifPresent(rows -> lines.add("rows: " + rows));
        status.message().ifPresent(lines::add);
        return lines.subList(Math.max(0, lines.size() - maxLines), lines.size());
    }

    // a query whose nextUri is gone (a restart of ours lost it, or Trino forgot the client): its info tells the end
    private EngineStatus statusFromInfo(EngineHandle handle) {
        HttpResponse<String> response = exchange(
                request(server.resolve("/v1/query/" + handle.engineJobId()), user(handle))
                        .GET()
                        .build(),
                "read the query");
        if (response.statusCode() == 404 || response.statusCode() == 410) {
            return EngineStatus.failed(
                    EngineJobState.LOST, handle, "Trino no longer knows query " + handle.engineJobId());
        }
        JsonNode info = parse(response, "read the query");
        String state = info.path("state").asString("");
        JsonNode stats = info.path("queryStats");
        return switch (state) {
            case "FINISHED" -> {
                long rows = stats.path("outputPositions").asLong(0);
                yield finalStatus(handle.withAttribute(FINAL_STATE, EngineJobState.SUCCEEDED.name())
                        .withAttribute(ROWS, Long.toString(rows)));
            }
            case "FAILED" -> {
                JsonNode failure = info.path("failureInfo");
                String message = failure.path("message").asString("the query failed");
                boolean canceled =
                        info.path("errorCode").path("name").asString("").equals("USER_CANCELED");
                yield finalStatus(handle.withAttribute(
                                FINAL_STATE, canceled ? EngineJobState.CANCELLED.name() : EngineJobState.FAILED.name())
                        .withAttribute(MESSAGE, message));
            }
            default ->
                new EngineStatus(
                        state.equals("RUNNING") || state.equals("FINISHING")
                                ? EngineJobState.RUNNING
                                : EngineJobState.QUEUED,
                        OptionalDouble.empty(),
                        OptionalLong.empty(),
                        positive(stats.path("processedInputDataSize")),
                        Optional.empty(),
                        handle);
        };
    }

    private static EngineStatus running(EngineHandle handle, JsonNode answer) {
        JsonNode stats = answer.path("stats");
        String state = stats.path("state").asString("");
        // Trino's states before a query runs; the rest (RUNNING, FINISHING, ...) are running
        EngineJobState engineState =
                switch (state) {
                    case "QUEUED", "WAITING_FOR_RESOURCES", "DISPATCHING", "PLANNING", "STARTING" ->
                        EngineJobState.QUEUED;
                    default -> EngineJobState.RUNNING;
                };
        OptionalDouble progress = stats.has("progressPercentage")
                ? OptionalDouble.of(stats.path("progressPercentage").asDouble())
                : OptionalDouble.empty();
        if (handle.attribute(PHASE).orElse("").equals("delete")) {
            progress = OptionalDouble.empty();
        }
        return new EngineStatus(
                engineState,
                progress,
                OptionalLong.empty(),
                positive(stats.path("processedBytes")),
                Optional.empty(),
                handle);
    }

    // the query's last answer: its update count, or its error
    private static EngineHandle finished(EngineHandle handle, JsonNode answer) {
        JsonNode error = answer.path("error");
        EngineHandle done = withNext(handle, null);
        if (!error.isMissingNode() && !error.isNull()) {
            boolean canceled = error.path("errorName").asString("").equals("USER_CANCELED");
            return done.withAttribute(
                            FINAL_STATE, canceled ? EngineJobState.CANCELLED.name() : EngineJobState.FAILED.name())
                    .withAttribute(MESSAGE, error.path("message").asString("the query failed"));
        }
        String state = answer.path("stats").path("state").asString("");
        if (!state.equals("FINISHED")) {
            return done.withAttribute(FINAL_STATE, EngineJobState.FAILED.name())
                    .withAttribute(MESSAGE, "Trino ended the query in state " + state);
        }
        done = done.withAttribute(FINAL_STATE, EngineJobState.SUCCEEDED.name());
        return answer.has("updateCount")
                ? done.withAttribute(
                        ROWS, Long.toString(answer.path("updateCount").asLong()))
                : done;
    }

    private static EngineStatus finalStatus(EngineHandle handle) {
        EngineJobState state =
                EngineJobState.valueOf(handle.attribute(FINAL_STATE).orElseThrow());
        OptionalLong rows = handle.attribute(ROWS)
                .map(value -> OptionalLong.of(Long.parseLong(value)))
                .orElse(OptionalLong.empty());
        return new EngineStatus(
                state,
                state == EngineJobState.SUCCEEDED ? OptionalDouble.of(100) : OptionalDouble.empty(),
                rows,
                OptionalLong.empty(),
                handle.attribute(MESSAGE),
                handle);
    }

    private static EngineHandle withNext(EngineHandle handle, @Nullable String next) {
        Map<String, String> attributes = new TreeMap<>(handle.attributes());
        if (next == null) {
            attributes.remove(NEXT_URI);
        } else {
            attributes.put(NEXT_URI, next);
        }
        return new EngineHandle(handle.adapter(), handle.engineJobId(), attributes, handle.uiUrl());
    }

    private HttpRequest.Builder request(URI uri, String user) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("X-Trino-User", user)
                .header("User-Agent", "nexus-gateway-jobs");
        String token = bearerTokenFor.apply(user);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private JsonNode send(HttpRequest request, String what) {
        return parse(exchange(request, what), what);
    }

    private HttpResponse<String> exchange(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
        } catch (IOException e) {
            throw new EngineException(
                    EngineException.Kind.UNAVAILABLE, "Trino cannot be reached to " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted", e);
        }
    }

    private static JsonNode parse(HttpResponse<String> response, String what) {
        if (response.statusCode() == 503 || response.statusCode() >= 500) {
            throw new EngineException(
                    EngineException.Kind.UNAVAILABLE, "Trino answered " + response.statusCode() + " to " + what);
        }
        if (response.statusCode() != 200) {
            throw new EngineException(
                    EngineException.Kind.REJECTED,
                    "Trino answered " + response.statusCode() + " to " + what + ": " + abbreviate(response.body()));
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "Trino answered no JSON to " + what, e);
        }
    }

    private String user(EngineHandle handle) {
        return handle.attribute(USER).orElseThrow(() -> new IllegalArgumentException("the handle names no user"));
    }

    private String uiUrl(String queryId) {
        return server.resolve("/ui/query.html?" + queryId).toString();
    }

    private static String jobIdOf(EngineHandle handle) {
        return handle.attribute(JOB_ID).orElseThrow();
    }

    static String tag(UUID jobId) {
        return "nexus-job-" + jobId;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? Optional.of(value.asString()) : Optional.empty();
    }

    private static OptionalLong positive(JsonNode value) {
        return value.isNumber() && value.asLong() > 0 ? OptionalLong.of(value.asLong()) : OptionalLong.empty();
    }

    private static String abbreviate(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }
}

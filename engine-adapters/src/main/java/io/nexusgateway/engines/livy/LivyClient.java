package io.nexusgateway.engines.livy;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.nexusgateway.engines.EngineException;
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
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The part of Livy's REST API batches use: {@code POST /batches}, {@code GET /batches[/{id}[/log]]}, {@code DELETE
 * /batches/{id}}. Unreachable or failing (5xx) → {@link EngineException.Kind#UNAVAILABLE}; a refused request (4xx) →
 * {@link EngineException.Kind#REJECTED} with Livy's message.
 */
final class LivyClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    // DELETE waits until Livy has stopped spark-submit
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int PAGE = 100;

    private final URI url;
    private final HttpClient http;

    LivyClient(URI url) {
        this.url = url.toString().endsWith("/") ? url : URI.create(url + "/");
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    JsonNode submit(Map<String, Object> request) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url.resolve("batches"))
                .header("Content-Type", "application/json")
                // Livy's CSRF protection, if it is on, wants this header on every POST
                .header("X-Requested-By", "nexus")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request), UTF_8)));
        return expectJson(response, "submitting a batch");
    }

    /** The batch, or empty if Livy does not know it. */
    Optional<JsonNode> batch(int id) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(url.resolve("batches/" + id)).GET());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(expectJson(response, "reading batch " + id));
    }

    /** Every batch Livy knows. */
    List<JsonNode> batches() {
        List<JsonNode> batches = new ArrayList<>();
        int from = 0;
        while (true) {
            JsonNode page = expectJson(
                    send(HttpRequest.newBuilder(url.resolve("batches?from=" + from + "&size=" + PAGE))
                            .GET()),
                    "listing batches");
            JsonNode sessions = page.path("sessions");
            sessions.forEach(batches::add);
            from += sessions.size();
            if (sessions.isEmpty() || from >= page.path("total").asInt()) {
                return batches;
            }
        }
    }

    /** The last {@code size} lines of the batch's output, empty if Livy does not know it. */
    List<String> log(int id, int size) {
        // without from, Livy answers the last size lines
        HttpResponse<String> response = send(HttpRequest.newBuilder(url.resolve("batches/" + id + "/log?size=" + size))
                .GET());
        if (response.statusCode() == 404) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        expectJson(response, "reading batch " + id + "'s log").path("log").forEach(line -> lines.add(line.asString()));
        return lines;
    }

    /** Kills the batch and forgets it; a batch Livy does not know is no error. */
    void delete(int id) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(url.resolve("batches/" + id))
                .header("X-Requested-By", "nexus")
                .DELETE());
        if (response.statusCode() != 404) {
            expectJson(response, "deleting batch " + id);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(REQUEST_TIMEOUT).build();
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString(UTF_8));
        } catch (IOException e) {
            throw new EngineException(
                    EngineException.Kind.UNAVAILABLE,
                    "Livy at " + url + " cannot be reached (" + built.method() + " "
                            + built.uri().getPath() + "): " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "interrupted while calling Livy", e);
        }
    }

    private static JsonNode expectJson(HttpResponse<String> response, String what) {
        int status = response.statusCode();
        if (status / 100 != 2) {
            String message = message(response.body());
            throw new EngineException(
                    status / 100 == 4 ? EngineException.Kind.REJECTED : EngineException.Kind.UNAVAILABLE,
                    "Livy answered " + status + " " + what + (message.isEmpty() ? "" : ": " + message));
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new EngineException(
                    EngineException.Kind.UNAVAILABLE, "Livy's answer " + what + " is not JSON: " + e.getMessage(), e);
        }
    }

    // Livy's errors are {"msg": "..."}
    private static String message(String body) {
        try {
            return JSON.readTree(body).path("msg").asString("");
        } catch (JacksonException e) {
            return body.length() > 200 ? body.substring(0, 200) : body;
        }
    }
}

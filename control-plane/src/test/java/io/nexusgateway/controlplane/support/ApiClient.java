package io.nexusgateway.controlplane.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the control plane over real HTTP, as a user's curl would. */
public final class ApiClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI baseUri;
    private final String apiKey;
    private final HttpClient client;

    public ApiClient(URI baseUri, String apiKey) {
        this(baseUri, apiKey, null);
    }

    /** @param sslContext for an HTTPS peer with a certificate of its own (Trino's); null: the JDK's defaults */
    public ApiClient(URI baseUri, String apiKey, javax.net.ssl.SSLContext sslContext) {
        this.baseUri = baseUri;
        this.apiKey = apiKey;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.client = builder.build();
    }

    public URI baseUri() {
        return baseUri;
    }

    public String apiKey() {
        return apiKey;
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response post(String path, Object body) {
        return send("POST", path, body, Map.of());
    }

    public Response put(String path, Object body, Map<String, String> headers) {
        return send("PUT", path, body, headers);
    }

    public Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    public Response send(String method, String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(baseUri.resolve(path)).timeout(Duration.ofSeconds(60));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String text = body instanceof String string ? string : JSON.writeValueAsString(body);
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(text));
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().map(),
                    response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public ApiClient withKey(String key) {
        return new ApiClient(baseUri, key);
    }

    public record Response(int status, String contentType, Map<String, java.util.List<String>> headers, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .flatMap(entry -> entry.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }
    }
}

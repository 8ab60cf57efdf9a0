package io.nexusgateway.trino.plugin;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Calls the control plane's {@code /internal/v1/**} endpoints with the internal bearer token. The token file is read
 * for every request (a rotated token is picked up without a restart); neither the token nor a response body is ever
 * logged or put into an exception message.
 */
public final class ControlPlaneClient {
    private final URI baseUri;
    private final Path tokenFile;
    private final Duration timeout;
    private final HttpClient httpClient;

    @Inject
    public ControlPlaneClient(ControlPlaneConfig config) {
        this(
                config.getControlPlaneUri(),
                config.getTokenFile(),
                Duration.ofMillis(config.getRequestTimeout().toMillis()));
    }

    public ControlPlaneClient(URI baseUri, Path tokenFile, Duration timeout) {
        String base = requireNonNull(baseUri, "baseUri is null").toString();
        this.baseUri = URI.create(base.endsWith("/") ? base : base + "/");
        this.tokenFile = requireNonNull(tokenFile, "tokenFile is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                // never carry the bearer token to wherever a redirect points
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI baseUri() {
        return baseUri;
    }

    /** {@code GET path} (relative, e.g. {@code internal/v1/policy}); throws on I/O failure. */
    public Response get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().header("Accept", "application/json"));
    }

    /** {@code POST path} with a JSON body; throws on I/O failure. */
    public Response postJson(String path, byte[] json) throws IOException, InterruptedException {
        return send(request(path)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .header("Content-Type", "application/json"));
    }

    private HttpRequest.Builder request(String path) throws IOException {
        return HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + readToken());
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = httpClient.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
        return new Response(response.statusCode(), response.body());
    }

    private String readToken() throws IOException {
        String token = Files.readString(tokenFile, UTF_8).strip();
        if (token.isEmpty() || token.chars().anyMatch(Character::isISOControl)) {
            throw new IOException("token file " + tokenFile + " must hold one non-empty line (the token)");
        }
        return token;
    }

    /** Status and body of a control-plane answer. */
    public record Response(int status, String body) {
        public Response {
            requireNonNull(body, "body is null");
        }

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }
}

package io.nexusgateway.trino.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays the control plane's documented internal endpoint on a loopback port chosen by the OS:
 * {@code GET {basePath}/internal/v1/secrets/{key}} with {@code Authorization: Bearer <token>} answers 200 and the
 * value as UTF-8 {@code text/plain}, 404 for an unknown key, 401 for a wrong token. Statuses queued with
 * {@link #failNext} are answered first, to play a control plane that is still starting.
 */
final class FakeControlPlane implements AutoCloseable {
    record RecordedRequest(String method, String path, String authorization) {}

    private static final String SECRETS_PATH = "/internal/v1/secrets/";

    private final HttpServer server;
    private final String basePath;
    private final String token;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Queue<Integer> failures = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private FakeControlPlane(String basePath, String token) throws IOException {
        this.basePath = basePath;
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeControlPlane start(String basePath, String token) throws IOException {
        return new FakeControlPlane(basePath, token);
    }

    FakeControlPlane withSecret(String key, String value) {
        secrets.put(key, value);
        return this;
    }

    /** The next requests are answered with these statuses (and no body), whatever they ask. */
    FakeControlPlane failNext(int... statuses) {
        for (int status : statuses) {
            failures.add(status);
        }
        return this;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + basePath);
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new RecordedRequest(
                    exchange.getRequestMethod(),
                    path,
                    exchange.getRequestHeaders().getFirst("Authorization")));
            Integer failure = failures.poll();
            if (failure != null) {
                exchange.sendResponseHeaders(failure, -1);
                return;
            }
            String prefix = basePath + SECRETS_PATH;
            if (!exchange.getRequestMethod().equals("GET") || !path.startsWith(prefix)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String value = secrets.get(path.substring(prefix.length()));
            if (value == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = value.getBytes(UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            try (OutputStream output = exchange.getResponseBody()) {
                output.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

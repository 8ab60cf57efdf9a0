package io.nexusgateway.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executors;

/**
 * Serves a {@link JwtKeyFile}'s public keys for the test JVM's Trino, in place of the control plane's
 * {@code /.well-known/jwks.json}: Trino fetches its JWKS once at start, before any test's control plane exists, and the
 * control planes of the tests sign with the same key file.
 */
final class JwksServer implements AutoCloseable {
    private final HttpServer server;

    private JwksServer(HttpServer server) {
        this.server = server;
    }

    static JwksServer start(JwtKeyFile keys) {
        requireNonNull(keys, "keys is null");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/.well-known/jwks.json", exchange -> {
                byte[] body = keys.publicJwks().getBytes(UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream output = exchange.getResponseBody()) {
                    output.write(body);
                }
            });
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return new JwksServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

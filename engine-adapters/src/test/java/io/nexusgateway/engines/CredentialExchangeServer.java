package io.nexusgateway.engines;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The control plane's credential exchange ({@link CredentialTickets#EXCHANGE_PATH}) on loopback, for engine tests
 * without the control plane: the same wire contract, served from a {@link CredentialTickets}.
 */
public final class CredentialExchangeServer implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final CredentialTickets tickets;
    private final AtomicInteger redeemed = new AtomicInteger();

    private CredentialExchangeServer(HttpServer server, CredentialTickets tickets) {
        this.server = server;
        this.tickets = tickets;
    }

    /** Listens on 127.0.0.1 at a free port. */
    public static CredentialExchangeServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            URI exchangeUrl =
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + CredentialTickets.EXCHANGE_PATH);
            CredentialExchangeServer exchange =
                    new CredentialExchangeServer(server, new CredentialTickets(exchangeUrl, Clock.systemUTC(), 1000));
            server.createContext(CredentialTickets.EXCHANGE_PATH, exchange::handle);
            server.start();
            return exchange;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A ticket for {@code passwords} (by catalog), valid for ten minutes. */
    public CredentialTicket issue(Map<String, String> passwords) {
        return tickets.issue(passwords, Duration.ofMinutes(10));
    }

    /** How many tickets were redeemed. */
    public int redeemed() {
        return redeemed.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Optional<Map<String, String>> passwords;
            try (InputStream body = exchange.getRequestBody()) {
                JsonNode request = JSON.readTree(body.readNBytes(16 * 1024));
                passwords = tickets.redeem(request.path("ticket").asString(""));
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            if (passwords.isEmpty()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            redeemed.incrementAndGet();
            byte[] answer = JSON.writeValueAsString(Map.of("passwords", passwords.orElseThrow()))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream output = exchange.getResponseBody()) {
                output.write(answer);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package io.nexusgateway.trino.plugin.audit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.nexusgateway.trino.plugin.ControlPlaneClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender against a real HTTP peer on loopback that answers as the control plane's internal audit endpoint does
 * ({@code contracts/audit-delivery.json}, which the control plane's tests read too): only refused records are set
 * aside, every other record of their batch is delivered.
 */
final class TestAuditSender {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void testOnlyTheRecordsTheControlPlaneRefusedAreSetAside() throws IOException {
        JsonNode contract =
                JSON.readTree(Path.of("../contracts/audit-delivery.json").toFile());
        String answer = JSON.writeValueAsString(contract.get("response"));
        AuditSpool spool = spool();
        List<JsonNode> records = new ArrayList<>();
        contract.get("request").forEach(records::add);
        for (int i = 0; i < records.size(); i++) {
            spool.offer("q" + i, 1000 + i, JSON.writeValueAsBytes(records.get(i)));
        }
        AuditSender sender = sender(spool, batch -> new Answer(200, answer));

        assertThat(sender.deliverAll()).isTrue();
        assertThat(received).containsExactlyElementsOf(records);
        assertThat(spool.size()).isZero();
        assertThat(spool.peek(10)).isEmpty();
        assertThat(rejected()).containsExactlyElementsOf(records.subList(1, 4));
        assertThat(sender.rejectedRecords()).isEqualTo(3);
    }

    @Test
    void testABatchRefusedAsAWholeIsRetriedRecordByRecord() throws IOException {
        AuditSpool spool = spool();
        spool.offer("a", 1, "{\"queryId\":\"a\"}".getBytes(UTF_8));
        // not JSON: the whole array is unreadable for the control plane
        spool.offer("b", 2, "{\"queryId\":".getBytes(UTF_8));
        spool.offer("c", 3, "{\"queryId\":\"c\"}".getBytes(UTF_8));
        List<String> stored = new CopyOnWriteArrayList<>();
        AuditSender sender = sender(spool, body -> {
            if (!body.startsWith("[{\"queryId\":\"")
                    || body.chars().filter(c -> c == '{').count() != 1) {
                return new Answer(400, "{\"code\":\"MALFORMED_REQUEST\"}");
            }
            stored.add(body);
            return new Answer(200, "{\"received\":1,\"stored\":1,\"rejected\":[]}");
        });

        assertThat(sender.deliverAll()).isTrue();
        assertThat(stored).containsExactly("[{\"queryId\":\"a\"}]", "[{\"queryId\":\"c\"}]");
        assertThat(spool.size()).isZero();
        try (Stream<Path> files = Files.list(directory.resolve("rejected"))) {
            assertThat(files.map(file -> read(file)).toList()).containsExactly("{\"queryId\":");
        }
        assertThat(sender.rejectedRecords()).isEqualTo(1);
    }

    @Test
    void testNothingLeavesTheSpoolWhileTheControlPlaneFails() throws IOException {
        AuditSpool spool = spool();
        spool.offer("a", 1, "{\"queryId\":\"a\"}".getBytes(UTF_8));
        AuditSender sender = sender(spool, body -> new Answer(503, ""));

        assertThat(sender.deliverAll()).isFalse();
        assertThat(spool.size()).isEqualTo(1);
        assertThat(Files.exists(directory.resolve("rejected"))).isFalse();
        assertThat(sender.rejectedRecords()).isZero();
    }

    @Test
    void testAnAnswerWithoutRefusalsDeliversTheBatch() throws IOException {
        AuditSpool spool = spool();
        spool.offer("a", 1, "{\"queryId\":\"a\"}".getBytes(UTF_8));
        spool.offer("b", 2, "{\"queryId\":\"b\"}".getBytes(UTF_8));
        // a control plane from before per-record refusals: a 2xx stored everything
        AuditSender sender = sender(spool, body -> new Answer(200, "{\"received\":2,\"stored\":2}"));

        assertThat(sender.deliverAll()).isTrue();
        assertThat(spool.size()).isZero();
        assertThat(Files.exists(directory.resolve("rejected"))).isFalse();
    }

    private record Answer(int status, String body) {}

    private AuditSpool spool() {
        return new AuditSpool(directory, 100);
    }

    private AuditSender sender(AuditSpool spool, Function<String, Answer> controlPlane) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/internal/v1/audit", exchange -> answer(exchange, controlPlane));
        server.start();
        Path tokenFile = Files.writeString(directory.resolveSibling(directory.getFileName() + "-token"), "token");
        ControlPlaneClient client = new ControlPlaneClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), tokenFile, Duration.ofSeconds(5));
        return new AuditSender(spool, client, 500, Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    private void answer(HttpExchange exchange, Function<String, Answer> controlPlane) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
            try {
                JSON.readTree(body).forEach(received::add);
            } catch (IOException e) {
                // a batch that is not JSON: the answer says so
            }
            Answer answer = controlPlane.apply(body);
            byte[] bytes = answer.body().getBytes(UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream output = exchange.getResponseBody()) {
                    output.write(bytes);
                }
            }
        }
    }

    private List<JsonNode> rejected() throws IOException {
        try (Stream<Path> files = Files.list(directory.resolve("rejected"))) {
            List<JsonNode> records = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                records.add(JSON.readTree(file.toFile()));
            }
            return records;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

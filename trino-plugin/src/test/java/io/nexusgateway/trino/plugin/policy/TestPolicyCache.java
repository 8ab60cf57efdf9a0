package io.nexusgateway.trino.plugin.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.nexusgateway.trino.plugin.ControlPlaneClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first policy is loaded while Trino starts (issue 12: a Trino restarted after a crash refused its first queries
 * for ~2 s), against a real HTTP server standing in for the control plane's {@code /internal/v1/policy}.
 */
final class TestPolicyCache {
    @TempDir
    Path temp;

    @Test
    void testStartWaitsForTheFirstPolicyWhileTheControlPlaneAnswers() throws Exception {
        String policy;
        try (var in = TestPolicyCache.class.getResourceAsStream("policy-document.golden.json")) {
            policy = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/internal/v1/policy", exchange -> {
            // the control plane answers, but not yet with a policy (its own start, a store outage)
            boolean ready = requests.incrementAndGet() > 3;
            byte[] body = (ready ? policy : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        PolicyCache cache = new PolicyCache(
                client(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
                Duration.ofMinutes(10),
                Duration.ofMinutes(1));
        try {
            cache.start();
            assertThat(cache.current()).as("loaded before start returned").isPresent();
            assertThat(requests.get()).isEqualTo(4);
            assertThat(cache.current()).contains(PolicyCache.parse(policy));
        } finally {
            cache.stop();
            server.stop(0);
        }
    }

    @Test
    void testNothingListeningDoesNotHoldTrinosStart() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        // the control plane starts after Trino (bin/nexus up, the tests): Trino starts without a policy, fail closed
        PolicyCache cache = new PolicyCache(
                client(URI.create("http://127.0.0.1:" + closedPort)), Duration.ofMinutes(10), Duration.ofDays(1));
        try {
            cache.start();
            assertThat(cache.current()).isEmpty();
        } finally {
            cache.stop();
        }
    }

    @Test
    void testTheRefusalWithoutAPolicyIsTheContractsPhrase() throws IOException {
        // the query API answers refusals containing it 503 (retry), not 403
        String contract = Files.readString(Path.of("../contracts/access-denials.json"));
        assertThat(new ObjectMapper().readTree(contract).get("policyNotLoaded").asText())
                .isEqualTo(PolicyCache.NOT_LOADED);
    }

    private ControlPlaneClient client(URI uri) throws IOException {
        Path token = Files.writeString(temp.resolve("token"), "internal-token");
        return new ControlPlaneClient(uri, token, Duration.ofSeconds(5));
    }
}

package io.nexusgateway.controlplane.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class TestTrinoQueryClient {
    @Test
    void testUnreachableTrinoIsServiceUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TrinoQueryClient client = new TrinoQueryClient(
                URI.create("http://127.0.0.1:" + closedPort),
                2,
                4096,
                4,
                "json+zstd",
                Duration.ofSeconds(30),
                java.time.Clock.systemUTC())) {
            assertThatThrownBy(() -> client.start("SELECT 1", "alice", null, null, "req_1", Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(NexusException.class, e -> {
                        assertThat(e.problemType()).isEqualTo(ProblemType.TRINO_UNAVAILABLE);
                        assertThat(e.problemType().status().value()).isEqualTo(503);
                        assertThat(e.getMessage()).doesNotContain("127.0.0.1");
                    });
        }
    }
}

package io.nexusgateway.controlplane.trino.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.controlplane.auth.AccessTokenIssuer;
import io.nexusgateway.controlplane.auth.SigningKeys;
import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.support.TestJwtSettings;
import io.nexusgateway.controlplane.trino.TrinoAccess;
import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

final class TestTrinoQueryClient {
    @Test
    void testUnreachableTrinoIsServiceUnavailable(@TempDir Path temp) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TrinoAccess trino = new TrinoAccess(
                new NexusProperties.Trino(
                        URI.create("https://127.0.0.1:" + closedPort),
                        null,
                        "nexus-sync",
                        Duration.ofSeconds(3),
                        Duration.ofMinutes(5),
                        NexusProperties.QueryLimits.DEFAULTS),
                new AccessTokenIssuer(
                        new SigningKeys(
                                temp.resolve("keys.json"),
                                Clock.systemUTC(),
                                Duration.ofMinutes(20),
                                Duration.ofHours(12)),
                        TestJwtSettings.DEFAULTS,
                        Clock.systemUTC()),
                Clock.systemUTC());
        try (TrinoQueryClient client = new TrinoQueryClient(
                trino,
                2,
                4096,
                4,
                "json+zstd",
                true,
                DataSize.ofMegabytes(1),
                DataSize.ofMegabytes(4),
                Duration.ofSeconds(30),
                Clock.systemUTC())) {
            assertThatThrownBy(
                            () -> client.start("SELECT 1", "alice", null, null, "req_1", Duration.ofSeconds(5), false))
                    .isInstanceOfSatisfying(NexusException.class, e -> {
                        assertThat(e.problemType()).isEqualTo(ProblemType.TRINO_UNAVAILABLE);
                        assertThat(e.problemType().status().value()).isEqualTo(503);
                        assertThat(e.getMessage()).doesNotContain("127.0.0.1");
                    });
        }
    }
}

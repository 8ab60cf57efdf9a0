package io.nexusgateway.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

final class TestNexusProperties {
    @Test
    void testDefaults() {
        NexusProperties properties = bind(Map.of());
        assertThat(properties.trino().uri()).isEqualTo(URI.create("http://127.0.0.1:8081"));
        assertThat(properties.trino().syncUser()).isEqualTo("nexus-sync");
        assertThat(properties.trino().jdbcUrl()).isEqualTo("jdbc:trino://127.0.0.1:8081");
        assertThat(properties.sync().enabled()).isTrue();
        assertThat(properties.sync().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.sync().watchInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.sync().requestTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(properties.sync().parallelism()).isEqualTo(4);
        assertThat(properties.security().adminApiKey()).isNull();
        assertThat(properties.secrets().previousKeys()).isEmpty();
        assertThat(properties.datasources().connectionTestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.query())
                .isEqualTo(new NexusProperties.Query(
                        1000,
                        10_000,
                        Duration.ofSeconds(60),
                        Duration.ofMinutes(30),
                        Duration.ofHours(2),
                        1_000_000,
                        2,
                        4096,
                        128,
                        new NexusProperties.Spooling(true, "json+zstd", Duration.ofSeconds(30))));
    }

    @Test
    void testFullMapping() {
        NexusProperties properties = bind(Map.ofEntries(
                Map.entry("nexus.trino.uri", "http://trino:9090"),
                Map.entry("nexus.trino.sync-user", "sync"),
                Map.entry("nexus.trino.health-timeout", "1s"),
                Map.entry("nexus.sync.enabled", "false"),
                Map.entry("nexus.sync.interval", "1m"),
                Map.entry("nexus.sync.watch-interval", "500ms"),
                Map.entry("nexus.sync.request-timeout", "3s"),
                Map.entry("nexus.sync.parallelism", "8"),
                Map.entry("nexus.security.admin-api-key", "admin-key-admin-key"),
                Map.entry("nexus.security.internal-token", "internal-token-internal"),
                Map.entry("nexus.secrets.key", "a2V5"),
                Map.entry("nexus.secrets.key-file", "/tmp/key"),
                Map.entry("nexus.secrets.previous-keys", "b2xk,b2xkZXI="),
                Map.entry("nexus.datasources.connection-test-timeout", "2s"),
                Map.entry("nexus.query.default-limit", "50"),
                Map.entry("nexus.query.max-limit", "500"),
                Map.entry("nexus.query.default-timeout", "5s"),
                Map.entry("nexus.query.stream-timeout", "10m"),
                Map.entry("nexus.query.max-timeout", "1h"),
                Map.entry("nexus.query.max-sql-length", "4096"),
                Map.entry("nexus.query.prefetch-pages", "4"),
                Map.entry("nexus.query.page-rows", "100"),
                Map.entry("nexus.query.max-trino-connections", "16"),
                Map.entry("nexus.query.spooling.enabled", "false"),
                Map.entry("nexus.query.spooling.encoding", "json"),
                Map.entry("nexus.query.spooling.fallback-period", "2m")));
        assertThat(properties.trino().uri()).isEqualTo(URI.create("http://trino:9090"));
        assertThat(properties.trino().syncUser()).isEqualTo("sync");
        assertThat(properties.trino().healthTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.sync().enabled()).isFalse();
        assertThat(properties.sync().interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.sync().watchInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(properties.sync().requestTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(properties.sync().parallelism()).isEqualTo(8);
        assertThat(properties.security().adminApiKey()).isEqualTo("admin-key-admin-key");
        assertThat(properties.security().internalToken()).isEqualTo("internal-token-internal");
        assertThat(properties.secrets().key()).isEqualTo("a2V5");
        assertThat(properties.secrets().keyFile()).isEqualTo(Path.of("/tmp/key"));
        assertThat(properties.secrets().previousKeys()).isEqualTo(List.of("b2xk", "b2xkZXI="));
        assertThat(properties.datasources().connectionTestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.query())
                .isEqualTo(new NexusProperties.Query(
                        50,
                        500,
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(10),
                        Duration.ofHours(1),
                        4096,
                        4,
                        100,
                        16,
                        new NexusProperties.Spooling(false, "json", Duration.ofMinutes(2))));
    }

    private static NexusProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("nexus", NexusProperties.class);
    }
}

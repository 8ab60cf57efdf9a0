package io.nexusgateway.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.TestJwtSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

final class TestNexusProperties {
    @Test
    void testDefaults() {
        NexusProperties properties = bind(Map.of());
        assertThat(properties.trino().uri()).isEqualTo(URI.create("https://127.0.0.1:8443"));
        assertThat(properties.trino().syncUser()).isEqualTo("nexus-sync");
        assertThat(properties.sync().enabled()).isTrue();
        assertThat(properties.sync().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.sync().watchInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.sync().requestTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(properties.sync().parallelism()).isEqualTo(4);
        assertThat(properties.security().adminApiKey()).isNull();
        assertThat(properties.security().jwt()).isEqualTo(TestJwtSettings.DEFAULTS);
        assertThat(properties.security().apiKeys().maxLifetime()).isEqualTo(Duration.ofDays(90));
        assertThat(properties.secrets().previousKeys()).isEmpty();
        assertThat(properties.rateLimits().enabled()).isTrue();
        assertThat(properties.rateLimits().roles()).isEmpty();
        assertThat(properties.rateLimits().users()).isEmpty();
        assertThat(properties.rateLimits().login().perUsername())
                .isEqualTo(new NexusProperties.Limit(10, Duration.ofMinutes(1)));
        assertThat(properties.rateLimits().login().perAddress())
                .isEqualTo(new NexusProperties.Limit(60, Duration.ofMinutes(1)));
        assertThat(properties.datasources().connectionTestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.query())
                .isEqualTo(new NexusProperties.Query(
                        1000,
                        10_000,
                        Duration.ofSeconds(60),
                        Duration.ofMinutes(30),
                        Duration.ofHours(2),
                        1_000_000,
                        256,
                        2,
                        4096,
                        128,
                        new NexusProperties.Spooling(
                                true,
                                "json+zstd",
                                true,
                                Duration.ofSeconds(30),
                                DataSize.ofMegabytes(4),
                                DataSize.ofMegabytes(1))));
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
                Map.entry("nexus.security.jwt.keys-file", "/tmp/jwt.json"),
                Map.entry("nexus.security.jwt.issuer", "iss"),
                Map.entry("nexus.security.jwt.api-audience", "api"),
                Map.entry("nexus.security.jwt.trino-audience", "trino"),
                Map.entry("nexus.security.jwt.token-lifetime", "10m"),
                Map.entry("nexus.security.jwt.max-token-lifetime", "2h"),
                Map.entry("nexus.security.jwt.publish-ahead", "30m"),
                Map.entry("nexus.security.jwt.rotation-interval", "7d"),
                Map.entry("nexus.security.api-keys.max-lifetime", "30d"),
                Map.entry("nexus.secrets.key", "a2V5"),
                Map.entry("nexus.secrets.key-file", "/tmp/key"),
                Map.entry("nexus.secrets.previous-keys", "b2xk,b2xkZXI="),
                Map.entry("nexus.datasources.connection-test-timeout", "2s"),
                Map.entry("nexus.rate-limits.enabled", "false"),
                Map.entry("nexus.rate-limits.roles.user.capacity", "50"),
                Map.entry("nexus.rate-limits.roles.user.refill-period", "10s"),
                Map.entry("nexus.rate-limits.users[bob.smith].capacity", "5"),
                Map.entry("nexus.rate-limits.users[bob.smith].refill-period", "1m"),
                Map.entry("nexus.rate-limits.login.per-username.capacity", "3"),
                Map.entry("nexus.rate-limits.login.per-username.refill-period", "5m"),
                Map.entry("nexus.rate-limits.login.per-address.capacity", "20"),
                Map.entry("nexus.rate-limits.login.per-address.refill-period", "1m"),
                Map.entry("nexus.query.default-limit", "50"),
                Map.entry("nexus.query.max-limit", "500"),
                Map.entry("nexus.query.default-timeout", "5s"),
                Map.entry("nexus.query.stream-timeout", "10m"),
                Map.entry("nexus.query.max-timeout", "1h"),
                Map.entry("nexus.query.max-sql-length", "4096"),
                Map.entry("nexus.query.max-sql-nesting", "32"),
                Map.entry("nexus.query.prefetch-pages", "4"),
                Map.entry("nexus.query.page-rows", "100"),
                Map.entry("nexus.query.max-trino-connections", "16"),
                Map.entry("nexus.query.spooling.enabled", "false"),
                Map.entry("nexus.query.spooling.encoding", "json"),
                Map.entry("nexus.query.spooling.pass-through", "false"),
                Map.entry("nexus.query.spooling.max-segment-size", "2MB"),
                Map.entry("nexus.query.spooling.initial-segment-size", "512KB"),
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
        assertThat(properties.security().apiKeys().maxLifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(properties.security().jwt())
                .isEqualTo(new NexusProperties.Jwt(
                        Path.of("/tmp/jwt.json"),
                        "iss",
                        "api",
                        "trino",
                        Duration.ofMinutes(10),
                        Duration.ofHours(2),
                        Duration.ofMinutes(30),
                        Duration.ofDays(7)));
        assertThat(properties.secrets().key()).isEqualTo("a2V5");
        assertThat(properties.secrets().keyFile()).isEqualTo(Path.of("/tmp/key"));
        assertThat(properties.secrets().previousKeys()).isEqualTo(List.of("b2xk", "b2xkZXI="));
        assertThat(properties.datasources().connectionTestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.rateLimits())
                .isEqualTo(new NexusProperties.RateLimits(
                        false,
                        Map.of("user", new NexusProperties.Limit(50, Duration.ofSeconds(10))),
                        Map.of("bob.smith", new NexusProperties.Limit(5, Duration.ofMinutes(1))),
                        new NexusProperties.Login(
                                new NexusProperties.Limit(3, Duration.ofMinutes(5)),
                                new NexusProperties.Limit(20, Duration.ofMinutes(1)))));
        assertThat(properties.query())
                .isEqualTo(new NexusProperties.Query(
                        50,
                        500,
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(10),
                        Duration.ofHours(1),
                        4096,
                        32,
                        4,
                        100,
                        16,
                        new NexusProperties.Spooling(
                                false,
                                "json",
                                false,
                                Duration.ofMinutes(2),
                                DataSize.ofMegabytes(2),
                                DataSize.ofKilobytes(512))));
    }

    private static NexusProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("nexus", NexusProperties.class);
    }
}

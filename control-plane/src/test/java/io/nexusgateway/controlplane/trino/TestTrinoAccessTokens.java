package io.nexusgateway.controlplane.trino;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.auth.AccessTokenIssuer;
import io.nexusgateway.controlplane.auth.SigningKeys;
import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.support.MutableClock;
import io.nexusgateway.controlplane.support.TestJwtSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokens the control plane calls Trino with: one per user, reused while fresh, renewed before they expire. */
final class TestTrinoAccessTokens {
    private static final Duration LIFETIME = Duration.ofMinutes(5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void testReusedWhileFreshRenewedBeforeExpiry(@TempDir Path temp) {
        TrinoAccess trino = trino(temp);
        String first = trino.tokenFor("alice");
        assertThat(trino.tokenFor("alice")).isEqualTo(first);
        assertThat(trino.tokenFor("bob")).isNotEqualTo(first);

        // renewed when less than 30 % of the lifetime is left
        clock.advance(Duration.ofMinutes(3));
        nanos.addAndGet(Duration.ofMinutes(3).toNanos());
        assertThat(trino.tokenFor("alice")).isEqualTo(first);
        clock.advance(Duration.ofSeconds(31));
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        String renewed = trino.tokenFor("alice");
        assertThat(renewed).isNotEqualTo(first);

        // an expired token is never handed out
        clock.advance(LIFETIME);
        nanos.addAndGet(LIFETIME.toNanos());
        assertThat(trino.tokenFor("alice")).isNotEqualTo(renewed);
    }

    private TrinoAccess trino(Path temp) {
        return new TrinoAccess(
                new NexusProperties.Trino(
                        URI.create("http://127.0.0.1:8080"),
                        null,
                        "nexus-sync",
                        Duration.ofSeconds(3),
                        LIFETIME,
                        NexusProperties.QueryLimits.DEFAULTS),
                new AccessTokenIssuer(
                        new SigningKeys(temp.resolve("keys.json"), clock, Duration.ofMinutes(20), Duration.ofHours(12)),
                        TestJwtSettings.DEFAULTS,
                        clock),
                clock,
                nanos::get);
    }
}

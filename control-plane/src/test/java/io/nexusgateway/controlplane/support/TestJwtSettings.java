package io.nexusgateway.controlplane.support;

import io.nexusgateway.controlplane.config.NexusProperties;
import java.time.Duration;

/** {@code nexus.security.jwt.*} as the defaults bind them, for tests that build token classes by hand. */
public final class TestJwtSettings {
    public static final NexusProperties.Jwt DEFAULTS = new NexusProperties.Jwt(
            null,
            "nexus-gateway",
            "nexus-api",
            "nexus-trino",
            Duration.ofHours(1),
            Duration.ofHours(12),
            Duration.ofMinutes(20),
            null);

    private TestJwtSettings() {}
}

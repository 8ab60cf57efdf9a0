package io.nexusgateway.trino.plugin;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;

import io.airlift.units.Duration;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class TestControlPlaneConfig {
    @Test
    void testDefaults() {
        assertRecordedDefaults(recordDefaults(ControlPlaneConfig.class)
                .setControlPlaneUri(null)
                .setTokenFile(null)
                .setRequestTimeout(new Duration(5, TimeUnit.SECONDS))
                .setSyncPrincipal("nexus-sync"));
    }

    @Test
    void testExplicitPropertyMappings() {
        Map<String, String> properties = Map.of(
                "nexus.control-plane-uri", "http://control-plane:8080",
                "nexus.token-file", "/etc/nexus/internal-token",
                "nexus.request-timeout", "2s",
                "nexus.sync-principal", "sync");
        assertFullMapping(
                properties,
                new ControlPlaneConfig()
                        .setControlPlaneUri(URI.create("http://control-plane:8080"))
                        .setTokenFile(Path.of("/etc/nexus/internal-token"))
                        .setRequestTimeout(new Duration(2, TimeUnit.SECONDS))
                        .setSyncPrincipal("sync"));
    }
}

package io.nexusgateway.trino.plugin.policy;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;

import io.airlift.units.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class TestNexusAccessControlConfig {
    @Test
    void testDefaults() {
        assertRecordedDefaults(recordDefaults(NexusAccessControlConfig.class)
                .setRefreshInterval(new Duration(2, TimeUnit.SECONDS))
                .setInitialLoadTimeout(new Duration(10, TimeUnit.SECONDS)));
    }

    @Test
    void testExplicitPropertyMappings() {
        assertFullMapping(
                Map.of("nexus.policy.refresh-interval", "500ms", "nexus.policy.initial-load-timeout", "3s"),
                new NexusAccessControlConfig()
                        .setRefreshInterval(new Duration(500, TimeUnit.MILLISECONDS))
                        .setInitialLoadTimeout(new Duration(3, TimeUnit.SECONDS)));
    }
}

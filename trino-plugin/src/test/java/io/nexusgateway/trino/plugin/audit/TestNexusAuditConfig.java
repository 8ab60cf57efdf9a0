package io.nexusgateway.trino.plugin.audit;

import static io.airlift.configuration.testing.ConfigAssertions.assertFullMapping;
import static io.airlift.configuration.testing.ConfigAssertions.assertRecordedDefaults;
import static io.airlift.configuration.testing.ConfigAssertions.recordDefaults;

import io.airlift.units.Duration;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class TestNexusAuditConfig {
    @Test
    void testDefaults() {
        assertRecordedDefaults(recordDefaults(NexusAuditConfig.class)
                .setSpoolDir(null)
                .setSpoolMaxRecords(50_000)
                .setBatchSize(500)
                .setFlushInterval(new Duration(1, TimeUnit.SECONDS))
                .setMaxRetryInterval(new Duration(10, TimeUnit.SECONDS))
                .setAuditSyncReads(false));
    }

    @Test
    void testExplicitPropertyMappings() {
        Map<String, String> properties = Map.of(
                "nexus.audit.spool-dir", "/var/lib/trino/audit-spool",
                "nexus.audit.spool-max-records", "1000",
                "nexus.audit.batch-size", "50",
                "nexus.audit.flush-interval", "250ms",
                "nexus.audit.max-retry-interval", "1m",
                "nexus.audit.audit-sync-reads", "true");
        assertFullMapping(
                properties,
                new NexusAuditConfig()
                        .setSpoolDir(Path.of("/var/lib/trino/audit-spool"))
                        .setSpoolMaxRecords(1000)
                        .setBatchSize(50)
                        .setFlushInterval(new Duration(250, TimeUnit.MILLISECONDS))
                        .setMaxRetryInterval(new Duration(1, TimeUnit.MINUTES))
                        .setAuditSyncReads(true));
    }
}

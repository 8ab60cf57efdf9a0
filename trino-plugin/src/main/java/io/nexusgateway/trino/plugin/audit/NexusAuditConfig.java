package io.nexusgateway.trino.plugin.audit;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Settings of the {@code nexus-audit} event listener (besides {@link io.nexusgateway.trino.plugin.ControlPlaneConfig}). */
public class NexusAuditConfig {
    private Path spoolDir;
    private int spoolMaxRecords = 50_000;
    private int batchSize = 500;
    private Duration flushInterval = new Duration(1, TimeUnit.SECONDS);
    private Duration maxRetryInterval = new Duration(10, TimeUnit.SECONDS);
    private boolean auditSyncReads;

    @NotNull
    public Path getSpoolDir() {
        return spoolDir;
    }

    @Config("nexus.audit.spool-dir")
    @ConfigDescription("Directory of the local durable queue: one file per undelivered audit record")
    public NexusAuditConfig setSpoolDir(Path spoolDir) {
        this.spoolDir = spoolDir;
        return this;
    }

    @Min(1)
    public int getSpoolMaxRecords() {
        return spoolMaxRecords;
    }

    @Config("nexus.audit.spool-max-records")
    @ConfigDescription("Bound of the spool; when it is full, new records are dropped and logged with their query id")
    public NexusAuditConfig setSpoolMaxRecords(int spoolMaxRecords) {
        this.spoolMaxRecords = spoolMaxRecords;
        return this;
    }

    @Min(1)
    @Max(10_000)
    public int getBatchSize() {
        return batchSize;
    }

    @Config("nexus.audit.batch-size")
    @ConfigDescription("Most records per POST to the control plane")
    public NexusAuditConfig setBatchSize(int batchSize) {
        this.batchSize = batchSize;
        return this;
    }

    @NotNull
    @MinDuration("10ms")
    public Duration getFlushInterval() {
        return flushInterval;
    }

    @Config("nexus.audit.flush-interval")
    @ConfigDescription("Longest a record waits in the spool before a delivery attempt while the control plane is up")
    public NexusAuditConfig setFlushInterval(Duration flushInterval) {
        this.flushInterval = flushInterval;
        return this;
    }

    @NotNull
    @MinDuration("10ms")
    public Duration getMaxRetryInterval() {
        return maxRetryInterval;
    }

    @Config("nexus.audit.max-retry-interval")
    @ConfigDescription("Upper bound of the exponential backoff while the control plane is unreachable")
    public NexusAuditConfig setMaxRetryInterval(Duration maxRetryInterval) {
        this.maxRetryInterval = maxRetryInterval;
        return this;
    }

    public boolean isAuditSyncReads() {
        return auditSyncReads;
    }

    @Config("nexus.audit.audit-sync-reads")
    @ConfigDescription("Also audit the catalog-sync principal's successful reads (its SELECT version() every 2 s)")
    public NexusAuditConfig setAuditSyncReads(boolean auditSyncReads) {
        this.auditSyncReads = auditSyncReads;
        return this;
    }
}

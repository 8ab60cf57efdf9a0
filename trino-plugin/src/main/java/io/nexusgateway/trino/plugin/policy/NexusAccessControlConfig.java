package io.nexusgateway.trino.plugin.policy;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** Settings of the {@code nexus} access control (besides {@link io.nexusgateway.trino.plugin.ControlPlaneConfig}). */
public class NexusAccessControlConfig {
    private Duration refreshInterval = new Duration(2, TimeUnit.SECONDS);
    private Duration initialLoadTimeout = new Duration(10, TimeUnit.SECONDS);

    @NotNull
    @MinDuration("100ms")
    public Duration getRefreshInterval() {
        return refreshInterval;
    }

    @Config("nexus.policy.refresh-interval")
    @ConfigDescription("How often the policy is fetched from the control plane; a change takes effect within this time")
    public NexusAccessControlConfig setRefreshInterval(Duration refreshInterval) {
        this.refreshInterval = refreshInterval;
        return this;
    }

    @NotNull
    public Duration getInitialLoadTimeout() {
        return initialLoadTimeout;
    }

    @Config("nexus.policy.initial-load-timeout")
    @ConfigDescription("How long Trino's start waits for the first policy; after it Trino starts without one (fail"
            + " closed) and keeps fetching")
    public NexusAccessControlConfig setInitialLoadTimeout(Duration initialLoadTimeout) {
        this.initialLoadTimeout = initialLoadTimeout;
        return this;
    }
}

package io.nexusgateway.trino.plugin;

import io.nexusgateway.trino.plugin.audit.NexusAuditListenerFactory;
import io.nexusgateway.trino.plugin.policy.NexusAccessControlFactory;
import io.nexusgateway.trino.plugin.resourcegroups.NexusResourceGroupsFactory;
import io.trino.spi.Plugin;
import io.trino.spi.eventlistener.EventListenerFactory;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManagerFactory;
import io.trino.spi.security.SystemAccessControlFactory;
import java.util.List;

/**
 * Entry point named in {@code META-INF/services/io.trino.spi.Plugin}; Trino loads it from {@code plugin/nexus/}.
 *
 * <p>It registers the {@value NexusAccessControlFactory#NAME} system access control (the read-only policy) and the
 * {@value NexusAuditListenerFactory#NAME} event listener (the audit trail), and the {@value NexusResourceGroupsFactory#NAME}
 * resource group manager (per-user query limits). The access control and the listener share one {@link DenialLedger},
 * so the audit record of a denied query names the datasource that refused it, and one {@link QueryTexts}, through
 * which the listener hands each query's text to the access control before Trino analyzes it (to check pass-through
 * SQL).
 */
public final class NexusTrinoPlugin implements Plugin {
    private final DenialLedger denials = new DenialLedger();
    private final QueryTexts queryTexts = new QueryTexts();

    @Override
    public Iterable<SystemAccessControlFactory> getSystemAccessControlFactories() {
        return List.of(new NexusAccessControlFactory(denials, queryTexts));
    }

    @Override
    public Iterable<ResourceGroupConfigurationManagerFactory> getResourceGroupConfigurationManagerFactories() {
        return List.of(new NexusResourceGroupsFactory());
    }

    @Override
    public Iterable<EventListenerFactory> getEventListenerFactories() {
        return List.of(new NexusAuditListenerFactory(denials, queryTexts));
    }
}

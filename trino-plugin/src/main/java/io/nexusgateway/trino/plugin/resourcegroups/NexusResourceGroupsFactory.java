package io.nexusgateway.trino.plugin.resourcegroups;

import com.google.inject.Injector;
import com.google.inject.Scopes;
import io.airlift.bootstrap.Bootstrap;
import io.nexusgateway.trino.plugin.policy.PolicyModule;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManager;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManagerContext;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManagerFactory;
import java.util.Map;

/**
 * Creates the {@value #NAME} resource group manager from {@code etc/resource-groups.properties}
 * ({@code resource-groups.configuration-manager=nexus}); it reads the same policy as the access control, with a cache of
 * its own.
 */
public final class NexusResourceGroupsFactory implements ResourceGroupConfigurationManagerFactory {
    public static final String NAME = "nexus";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public ResourceGroupConfigurationManager<?> create(
            Map<String, String> config, ResourceGroupConfigurationManagerContext context) {
        Injector injector = bootstrap(config).initialize();
        return injector.getInstance(NexusResourceGroups.class);
    }

    /** What {@link #create} starts: tests {@code configure()} it to check keys without starting anything. */
    public Bootstrap bootstrap(Map<String, String> config) {
        return new Bootstrap(new PolicyModule(), binder -> binder.bind(NexusResourceGroups.class)
                        .in(Scopes.SINGLETON))
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(config);
    }
}

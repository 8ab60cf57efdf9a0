package io.nexusgateway.trino.plugin.resourcegroups;

import static io.airlift.configuration.ConfigBinder.configBinder;

import com.google.inject.Injector;
import com.google.inject.Scopes;
import io.airlift.bootstrap.Bootstrap;
import io.nexusgateway.trino.plugin.ControlPlaneClient;
import io.nexusgateway.trino.plugin.ControlPlaneConfig;
import io.nexusgateway.trino.plugin.policy.NexusAccessControlConfig;
import io.nexusgateway.trino.plugin.policy.PolicyCache;
import io.nexusgateway.trino.plugin.policy.PolicySource;
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
        Bootstrap app = new Bootstrap(binder -> {
            configBinder(binder).bindConfig(ControlPlaneConfig.class);
            configBinder(binder).bindConfig(NexusAccessControlConfig.class);
            binder.bind(ControlPlaneClient.class).in(Scopes.SINGLETON);
            binder.bind(PolicyCache.class).in(Scopes.SINGLETON);
            binder.bind(PolicySource.class).to(PolicyCache.class);
            binder.bind(NexusResourceGroups.class).in(Scopes.SINGLETON);
        });
        Injector injector = app.doNotInitializeLogging()
                .setRequiredConfigurationProperties(config)
                .initialize();
        return injector.getInstance(NexusResourceGroups.class);
    }
}

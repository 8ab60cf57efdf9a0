package io.nexusgateway.trino.plugin.policy;

import static io.airlift.configuration.ConfigBinder.configBinder;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import io.nexusgateway.trino.plugin.ControlPlaneClient;
import io.nexusgateway.trino.plugin.ControlPlaneConfig;

/** The control-plane client and the refreshed policy: what the access control and the resource groups both read. */
public final class PolicyModule implements Module {
    @Override
    public void configure(Binder binder) {
        configBinder(binder).bindConfig(ControlPlaneConfig.class);
        configBinder(binder).bindConfig(NexusAccessControlConfig.class);
        binder.bind(ControlPlaneClient.class).in(Scopes.SINGLETON);
        binder.bind(PolicyCache.class).in(Scopes.SINGLETON);
        binder.bind(PolicySource.class).to(PolicyCache.class);
    }
}

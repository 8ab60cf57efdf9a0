package io.nexusgateway.trino.plugin.policy;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static java.util.Objects.requireNonNull;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import io.nexusgateway.trino.plugin.ControlPlaneClient;
import io.nexusgateway.trino.plugin.ControlPlaneConfig;
import io.nexusgateway.trino.plugin.DenialLedger;

/** Guice wiring of the {@code nexus} access control. */
final class NexusAccessControlModule implements Module {
    private final DenialLedger denials;

    NexusAccessControlModule(DenialLedger denials) {
        this.denials = requireNonNull(denials, "denials is null");
    }

    @Override
    public void configure(Binder binder) {
        configBinder(binder).bindConfig(ControlPlaneConfig.class);
        configBinder(binder).bindConfig(NexusAccessControlConfig.class);
        binder.bind(DenialLedger.class).toInstance(denials);
        binder.bind(ControlPlaneClient.class).in(Scopes.SINGLETON);
        binder.bind(PolicyCache.class).in(Scopes.SINGLETON);
        binder.bind(PolicySource.class).to(PolicyCache.class);
        binder.bind(NexusAccessControl.class).in(Scopes.SINGLETON);
    }
}

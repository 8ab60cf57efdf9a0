package io.nexusgateway.trino.plugin.policy;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import io.airlift.bootstrap.Bootstrap;
import io.nexusgateway.trino.plugin.DenialLedger;
import io.trino.spi.security.SystemAccessControl;
import io.trino.spi.security.SystemAccessControlFactory;
import java.util.Map;

/**
 * Creates the {@value #NAME} access control from {@code etc/access-control.properties}
 * ({@code access-control.name=nexus}). Unknown or invalid properties stop Trino's start with a message naming them.
 */
public final class NexusAccessControlFactory implements SystemAccessControlFactory {
    public static final String NAME = "nexus";

    private final DenialLedger denials;

    public NexusAccessControlFactory(DenialLedger denials) {
        this.denials = requireNonNull(denials, "denials is null");
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public SystemAccessControl create(Map<String, String> config, SystemAccessControlContext context) {
        Bootstrap app = new Bootstrap(new NexusAccessControlModule(denials));
        Injector injector = app.doNotInitializeLogging()
                .setRequiredConfigurationProperties(config)
                .initialize();
        return injector.getInstance(NexusAccessControl.class);
    }
}

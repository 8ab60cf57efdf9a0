package io.nexusgateway.trino.plugin.policy;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import io.airlift.bootstrap.Bootstrap;
import io.nexusgateway.trino.plugin.DenialLedger;
import io.nexusgateway.trino.plugin.QueryTexts;
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
    private final QueryTexts queryTexts;

    public NexusAccessControlFactory(DenialLedger denials, QueryTexts queryTexts) {
        this.denials = requireNonNull(denials, "denials is null");
        this.queryTexts = requireNonNull(queryTexts, "queryTexts is null");
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public SystemAccessControl create(Map<String, String> config, SystemAccessControlContext context) {
        Injector injector = bootstrap(config).initialize();
        return injector.getInstance(NexusAccessControl.class);
    }

    /** What {@link #create} starts: tests {@code configure()} it to check keys without starting anything. */
    public Bootstrap bootstrap(Map<String, String> config) {
        return new Bootstrap(new NexusAccessControlModule(denials, queryTexts))
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(config);
    }
}

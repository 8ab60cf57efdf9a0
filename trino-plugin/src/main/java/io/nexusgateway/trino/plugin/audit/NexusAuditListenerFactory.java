package io.nexusgateway.trino.plugin.audit;

import static io.airlift.configuration.ConfigBinder.configBinder;
import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import io.airlift.bootstrap.Bootstrap;
import io.nexusgateway.trino.plugin.ControlPlaneClient;
import io.nexusgateway.trino.plugin.ControlPlaneConfig;
import io.nexusgateway.trino.plugin.DenialLedger;
import io.nexusgateway.trino.plugin.QueryTexts;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.EventListenerFactory;
import java.time.Duration;
import java.util.Map;

/**
 * Creates the {@value #NAME} event listener from {@code etc/event-listener.properties}
 * ({@code event-listener.name=nexus-audit}); records left in the spool by an earlier run are delivered first.
 */
public final class NexusAuditListenerFactory implements EventListenerFactory {
    public static final String NAME = "nexus-audit";

    private final DenialLedger decisions;
    private final QueryTexts queryTexts;

    public NexusAuditListenerFactory(DenialLedger decisions, QueryTexts queryTexts) {
        this.decisions = requireNonNull(decisions, "decisions is null");
        this.queryTexts = requireNonNull(queryTexts, "queryTexts is null");
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public EventListener create(Map<String, String> config, EventListenerContext context) {
        Injector injector = bootstrap(config).initialize();
        ControlPlaneConfig controlPlane = injector.getInstance(ControlPlaneConfig.class);
        NexusAuditConfig audit = injector.getInstance(NexusAuditConfig.class);
        AuditSpool spool = new AuditSpool(audit.getSpoolDir(), audit.getSpoolMaxRecords());
        AuditSender sender = new AuditSender(
                spool,
                new ControlPlaneClient(controlPlane),
                audit.getBatchSize(),
                Duration.ofMillis(audit.getFlushInterval().toMillis()),
                Duration.ofMillis(audit.getMaxRetryInterval().toMillis()));
        sender.start();
        return new NexusAuditListener(
                spool, sender, decisions, queryTexts, controlPlane.getSyncPrincipal(), audit.isAuditSyncReads());
    }

    /** What {@link #create} starts: tests {@code configure()} it to check keys without starting anything. */
    public Bootstrap bootstrap(Map<String, String> config) {
        return new Bootstrap(binder -> {
                    configBinder(binder).bindConfig(ControlPlaneConfig.class);
                    configBinder(binder).bindConfig(NexusAuditConfig.class);
                })
                .doNotInitializeLogging()
                .setRequiredConfigurationProperties(config);
    }
}

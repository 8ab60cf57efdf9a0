package io.nexusgateway.trino.plugin.policy;

import static java.util.Objects.requireNonNull;

import com.google.inject.Binder;
import com.google.inject.Module;
import com.google.inject.Scopes;
import io.nexusgateway.trino.plugin.DenialLedger;
import io.nexusgateway.trino.plugin.QueryTexts;

/** Guice wiring of the {@code nexus} access control. */
final class NexusAccessControlModule implements Module {
    private final DenialLedger denials;
    private final QueryTexts queryTexts;

    NexusAccessControlModule(DenialLedger denials, QueryTexts queryTexts) {
        this.denials = requireNonNull(denials, "denials is null");
        this.queryTexts = requireNonNull(queryTexts, "queryTexts is null");
    }

    @Override
    public void configure(Binder binder) {
        binder.install(new PolicyModule());
        binder.bind(DenialLedger.class).toInstance(denials);
        binder.bind(QueryTexts.class).toInstance(queryTexts);
        binder.bind(NexusAccessControl.class).in(Scopes.SINGLETON);
    }
}

package io.nexusgateway.trino.plugin.resourcegroups;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.nexusgateway.trino.plugin.ControlPlaneConfig;
import io.nexusgateway.trino.plugin.policy.NexusAccessControlConfig;
import io.nexusgateway.trino.plugin.policy.Policy;
import io.nexusgateway.trino.plugin.policy.PolicySource;
import io.trino.spi.resourcegroups.ResourceGroup;
import io.trino.spi.resourcegroups.ResourceGroupConfigurationManager;
import io.trino.spi.resourcegroups.ResourceGroupId;
import io.trino.spi.resourcegroups.SelectionContext;
import io.trino.spi.resourcegroups.SelectionCriteria;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Trino resource groups from the Nexus policy, so a user cannot flood Trino through any client (CLI, JDBC, REST):
 * every user gets a group of their own, {@code user.<name>} or {@code admin.<name>}, with the running and queued limits
 * the control plane resolved for them (README, "Rate limits and query limits"); the catalog-sync principal runs in
 * {@code service}. Limit changes apply to existing groups within the policy refresh interval.
 */
public final class NexusResourceGroups implements ResourceGroupConfigurationManager<Policy.QueryLimits> {
    static final String USER_ROOT = "user";
    static final String ADMIN_ROOT = "admin";
    static final String SERVICE_ROOT = "service";
    // the roots only hold per-user groups: their own limits never bind before a user's do
    static final Policy.QueryLimits ROOT_LIMITS = new Policy.QueryLimits(10_000, 1_000_000);
    static final Policy.QueryLimits SERVICE_LIMITS = new Policy.QueryLimits(16, 10_000);

    private final PolicySource policy;
    private final String syncPrincipal;
    private final Map<ResourceGroupId, ResourceGroup> configured = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "nexus-resource-groups");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public NexusResourceGroups(PolicySource policy, ControlPlaneConfig config, NexusAccessControlConfig refresh) {
        this(policy, config.getSyncPrincipal());
        long interval = refresh.getRefreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(this::reapply, interval, interval, TimeUnit.MILLISECONDS);
    }

    NexusResourceGroups(PolicySource policy, String syncPrincipal) {
        this.policy = requireNonNull(policy, "policy is null");
        this.syncPrincipal = requireNonNull(syncPrincipal, "syncPrincipal is null");
    }

    @Override
    public Optional<SelectionContext<Policy.QueryLimits>> match(SelectionCriteria criteria) {
        String user = criteria.getUser();
        if (user.equals(syncPrincipal)) {
            return Optional.of(new SelectionContext<>(new ResourceGroupId(SERVICE_ROOT), SERVICE_LIMITS));
        }
        Optional<Policy.UserPolicy> known = policy.current().flatMap(current -> current.user(user));
        String root = known.map(Policy.UserPolicy::isAdmin).orElse(false) ? ADMIN_ROOT : USER_ROOT;
        Policy.QueryLimits limits = known.map(Policy.UserPolicy::limits).orElse(Policy.QueryLimits.UNKNOWN_USER);
        return Optional.of(new SelectionContext<>(new ResourceGroupId(new ResourceGroupId(root), user), limits));
    }

    @Override
    public SelectionContext<Policy.QueryLimits> parentGroupContext(SelectionContext<Policy.QueryLimits> context) {
        ResourceGroupId parent = context.getResourceGroupId()
                .getParent()
                .orElseThrow(() -> new IllegalArgumentException(
                        "resource group " + context.getResourceGroupId() + " has no parent"));
        return new SelectionContext<>(parent, ROOT_LIMITS);
    }

    @Override
    public void configure(ResourceGroup group, SelectionContext<Policy.QueryLimits> context) {
        apply(group, limitsOf(group.getId()).orElse(context.getContext()));
        configured.put(group.getId(), group);
    }

    @Override
    public void shutdown() {
        refresher.shutdownNow();
    }

    /** The limits {@code id} should have now: roots and service fixed, a user's from the current policy. */
    Optional<Policy.QueryLimits> limitsOf(ResourceGroupId id) {
        if (id.getParent().isEmpty()) {
            return Optional.of(id.getLastSegment().equals(SERVICE_ROOT) ? SERVICE_LIMITS : ROOT_LIMITS);
        }
        return policy.current()
                .flatMap(current -> current.user(id.getLastSegment()))
                .map(Policy.UserPolicy::limits);
    }

    void reapply() {
        configured.forEach((id, group) -> limitsOf(id).ifPresent(limits -> apply(group, limits)));
    }

    private static void apply(ResourceGroup group, Policy.QueryLimits limits) {
        if (group.getHardConcurrencyLimit() != limits.running()) {
            group.setHardConcurrencyLimit(limits.running());
        }
        if (group.getMaxQueuedQueries() != limits.queued()) {
            group.setMaxQueuedQueries(limits.queued());
        }
        group.setSoftMemoryLimitBytes(Long.MAX_VALUE);
    }
}

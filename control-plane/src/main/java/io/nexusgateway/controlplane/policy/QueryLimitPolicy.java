package io.nexusgateway.controlplane.policy;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.config.NexusProperties.QueryLimit;
import io.nexusgateway.controlplane.config.NexusProperties.QueryLimits;
import io.nexusgateway.controlplane.identity.Role;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;

/**
 * Each user's Trino query limits (their own resource group). The most specific setting wins: the user's own, else the
 * most generous of their groups', else their role's (admin over user), else the role's default.
 */
final class QueryLimitPolicy {
    static final QueryLimit USER_DEFAULT = new QueryLimit(8, 100);
    // generous: admins run the benchmarks and operational queries
    static final QueryLimit ADMIN_DEFAULT = new QueryLimit(100, 1000);

    private final QueryLimits configured;

    QueryLimitPolicy(QueryLimits configured) {
        this.configured = requireNonNull(configured, "configured is null");
    }

    /**
     * @param roles the user's role ids ({@link Role#id()})
     * @param groups the user's group names
     */
    QueryLimit limitsOf(String username, Collection<String> roles, Collection<String> groups) {
        QueryLimit own = configured.users().get(username);
        if (own != null) {
            return own;
        }
        QueryLimit fromGroups = groups.stream()
                .map(configured.groups()::get)
                .filter(Objects::nonNull)
                .max(Comparator.comparingInt(QueryLimit::running).thenComparingInt(QueryLimit::queued))
                .orElse(null);
        if (fromGroups != null) {
            return fromGroups;
        }
        Role role = roles.contains(Role.ADMIN.id()) ? Role.ADMIN : Role.USER;
        return configured.roles().getOrDefault(role.id(), defaultOf(role));
    }

    private static QueryLimit defaultOf(Role role) {
        return switch (role) {
            case ADMIN -> ADMIN_DEFAULT;
            case USER -> USER_DEFAULT;
        };
    }
}

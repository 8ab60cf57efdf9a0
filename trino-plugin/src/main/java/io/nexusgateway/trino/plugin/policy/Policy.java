package io.nexusgateway.trino.plugin.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.List;
import java.util.Optional;

/**
 * The control plane's answer to {@code GET /internal/v1/policy}: every catalog Nexus materializes from a datasource
 * (whether it accepts writes, who was granted it), and every Nexus user (enabled, roles, groups).
 */
public record Policy(List<CatalogPolicy> catalogs, List<UserPolicy> users) {
    public static final String ADMIN_ROLE = "admin";

    @JsonCreator
    public Policy {
        catalogs = List.copyOf(requireNonNull(catalogs, "catalogs is null"));
        users = users == null ? List.of() : List.copyOf(users);
    }

    public Policy(List<CatalogPolicy> catalogs) {
        this(catalogs, List.of());
    }

    // a scan: a Trino has tens of catalogs, and access checks run many times per query without allocating
    public Optional<CatalogPolicy> catalog(String catalogName) {
        for (CatalogPolicy catalog : catalogs) {
            if (catalog.catalog().equals(catalogName)) {
                return Optional.of(catalog);
            }
        }
        return Optional.empty();
    }

    public Optional<UserPolicy> user(String username) {
        for (UserPolicy user : users) {
            if (user.username().equals(username)) {
                return Optional.of(user);
            }
        }
        return Optional.empty();
    }

    /**
     * @param catalog the Trino catalog name
     * @param datasource the datasource's name as the registry shows it (used in denial messages)
     * @param type the datasource type ({@code mariadb}, {@code postgresql}, ...): the dialect of its native SQL
     * @param writable {@code "writable": true} in the registry; otherwise the catalog is read-only
     * @param passThrough {@code "passThrough": true} in the registry: a read-only datasource's {@code system.query}
     *     runs checked plain SELECTs; otherwise it is refused (writable datasources always pass through)
     * @param users users granted the datasource
     * @param groups groups granted the datasource
     */
    public record CatalogPolicy(
            String catalog,
            String datasource,
            String type,
            boolean writable,
            boolean passThrough,
            List<String> users,
            List<String> groups) {
        @JsonCreator
        public CatalogPolicy {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(datasource, "datasource is null");
            // an older control plane sends no type: no dialect, so no pass-through on a read-only datasource
            type = type == null ? "" : type;
            users = users == null ? List.of() : List.copyOf(users);
            groups = groups == null ? List.of() : List.copyOf(groups);
        }

        public CatalogPolicy(String catalog, String datasource, boolean writable) {
            this(catalog, datasource, "", writable, false, List.of(), List.of());
        }

        public CatalogPolicy(
                String catalog, String datasource, boolean writable, List<String> users, List<String> groups) {
            this(catalog, datasource, "", writable, false, users, groups);
        }

        /** Granted to {@code user} directly or through one of their groups. */
        public boolean grantedTo(UserPolicy user) {
            if (users.contains(user.username())) {
                return true;
            }
            for (String group : user.groups()) {
                if (groups.contains(group)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * @param username the Nexus user name, which is the Trino user
     * @param enabled a disabled user's queries are refused, whatever credential they still hold
     * @param roles {@code admin} sees every catalog
     * @param groups group names, for grants
     * @param limits the user's Trino resource group limits, as the control plane resolved them
     * @param revokedApiKeys ids of the user's API keys revoked or expired while tokens exchanged for them may still
     *     be valid: such a token runs nothing
     */
    public record UserPolicy(
            String username,
            boolean enabled,
            List<String> roles,
            List<String> groups,
            QueryLimits limits,
            List<String> revokedApiKeys) {
        @JsonCreator
        public UserPolicy {
            requireNonNull(username, "username is null");
            roles = roles == null ? List.of() : List.copyOf(roles);
            groups = groups == null ? List.of() : List.copyOf(groups);
            limits = limits == null ? QueryLimits.UNKNOWN_USER : limits;
            revokedApiKeys = revokedApiKeys == null ? List.of() : List.copyOf(revokedApiKeys);
        }

        public UserPolicy(
                String username, boolean enabled, List<String> roles, List<String> groups, QueryLimits limits) {
            this(username, enabled, roles, groups, limits, null);
        }

        public UserPolicy(String username, boolean enabled, List<String> roles, List<String> groups) {
            this(username, enabled, roles, groups, null);
        }

        public boolean isAdmin() {
            return roles.contains(ADMIN_ROLE);
        }
    }

    /**
     * Concurrency limits of one user's resource group.
     *
     * @param running queries that run at once; more wait in the queue
     * @param queued queries that wait; more are refused ({@code QUERY_QUEUE_FULL})
     */
    public record QueryLimits(int running, int queued) {
        /** For a principal the policy does not know (its queries are refused anyway). */
        public static final QueryLimits UNKNOWN_USER = new QueryLimits(1, 1);

        @JsonCreator
        public QueryLimits {
            if (running < 1 || queued < 0) {
                throw new IllegalArgumentException("running must be at least 1 and queued at least 0");
            }
        }
    }
}

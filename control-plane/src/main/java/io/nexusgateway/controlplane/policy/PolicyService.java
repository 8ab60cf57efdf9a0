package io.nexusgateway.controlplane.policy;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.datasource.DatasourceCatalog;
import io.nexusgateway.controlplane.datasource.DatasourceService;
import io.nexusgateway.controlplane.datasource.GrantService;
import io.nexusgateway.controlplane.datasource.Grantees;
import io.nexusgateway.controlplane.identity.UserService;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The policy's facade. Trino's {@code nexus} access control enforces it (it fetches {@link #current()} every
 * {@code nexus.policy.refresh-interval}); other features may ask it for a friendlier message before sending a
 * statement, never instead of Trino's check.
 */
@Service
public class PolicyService {
    private final DatasourceService datasources;
    private final GrantService grants;
    private final UserService users;

    private final QueryLimitPolicy queryLimits;

    PolicyService(DatasourceService datasources, GrantService grants, UserService users, NexusProperties properties) {
        this.queryLimits = new QueryLimitPolicy(properties.trino().queryLimits());
        this.datasources = requireNonNull(datasources, "datasources is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.users = requireNonNull(users, "users is null");
    }

    public PolicyDocument current() {
        Map<String, Grantees> grantees = grants.granteesByCatalog();
        return new PolicyDocument(
                datasources.catalogs().stream()
                        .map(catalog -> {
                            Grantees granted = grantees.getOrDefault(catalog.catalog(), Grantees.NONE);
                            return new PolicyDocument.CatalogPolicy(
                                    catalog.catalog(),
                                    catalog.datasource(),
                                    catalog.type(),
                                    catalog.writable(),
                                    catalog.passThrough(),
                                    granted.users(),
                                    granted.groups());
                        })
                        .toList(),
                users.policyUsers().stream()
                        .map(user -> new PolicyDocument.UserPolicy(
                                user.username(),
                                user.enabled(),
                                user.roles(),
                                user.groups(),
                                queryLimits.limitsOf(user.username(), user.roles(), user.groups()),
                                user.revokedApiKeys()))
                        .toList());
    }

    /** The policy of one catalog; empty when no datasource owns it (then it takes no writes). */
    public Optional<DatasourceCatalog> catalog(String catalogName) {
        return datasources.catalogs().stream()
                .filter(catalog -> catalog.catalog().equals(catalogName))
                .findFirst();
    }
}

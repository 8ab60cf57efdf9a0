package io.nexusgateway.controlplane.policy;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.identity.PolicyUser;
import java.util.List;

/**
 * What {@code GET /internal/v1/policy} answers: every catalog Nexus materializes from a datasource, sorted by catalog,
 * with its write policy and who was granted it; and every user, sorted, with their enabled flag, roles and groups. A
 * catalog not listed is not Nexus' and takes no writes either. The shape is fixed by {@code TestPolicyDocument}.
 */
public record PolicyDocument(List<CatalogPolicy> catalogs, List<PolicyUser> users) {
    public PolicyDocument {
        catalogs = List.copyOf(catalogs);
        users = List.copyOf(users);
    }

    /**
     * @param catalog the Trino catalog name
     * @param datasource the datasource's name
     * @param writable whether writes through Trino are allowed
     * @param users usernames granted the datasource, sorted
     * @param groups group names granted the datasource, sorted
     */
    public record CatalogPolicy(
            String catalog, String datasource, boolean writable, List<String> users, List<String> groups) {
        public CatalogPolicy {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(datasource, "datasource is null");
            users = List.copyOf(users);
            groups = List.copyOf(groups);
        }
    }
}

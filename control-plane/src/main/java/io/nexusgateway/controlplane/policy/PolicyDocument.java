package io.nexusgateway.controlplane.policy;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.config.NexusProperties;
import java.util.List;

/**
 * What {@code GET /internal/v1/policy} answers: every catalog Nexus materializes from a datasource, sorted by catalog,
 * with its write policy and who was granted it; and every user, sorted, with their enabled flag, roles and groups. A
 * catalog not listed is not Nexus' and takes no writes either. The shape is fixed by {@code TestPolicyDocument}.
 */
public record PolicyDocument(List<CatalogPolicy> catalogs, List<UserPolicy> users) {
    public PolicyDocument {
        catalogs = List.copyOf(catalogs);
        users = List.copyOf(users);
    }

    /**
     * @param catalog the Trino catalog name
     * @param datasource the datasource's name
     * @param type the datasource type: the dialect Trino reads its pass-through SQL in
     * @param writable whether writes through Trino are allowed
     * @param passThrough whether a read-only datasource's {@code system.query} runs (checked) native SELECTs
     * @param users usernames granted the datasource, sorted
     * @param groups group names granted the datasource, sorted
     */
    public record CatalogPolicy(
            String catalog,
            String datasource,
            String type,
            boolean writable,
            boolean passThrough,
            List<String> users,
            List<String> groups) {
        public CatalogPolicy {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(datasource, "datasource is null");
            requireNonNull(type, "type is null");
            users = List.copyOf(users);
            groups = List.copyOf(groups);
        }
    }

    /**
     * @param username the user, who is the Trino user
     * @param enabled a disabled user's queries are refused in Trino
     * @param roles {@code admin} or {@code user}
     * @param groups group names, for grants
     * @param limits the user's Trino resource group limits ({@code nexus.trino.query-limits}, resolved)
     * @param revokedApiKeys ids of the user's API keys revoked or expired while tokens exchanged for them may still be
     *     valid (the last {@code max-token-lifetime}), sorted: such a token (the key id is in its principal) is refused
     */
    public record UserPolicy(
            String username,
            boolean enabled,
            List<String> roles,
            List<String> groups,
            NexusProperties.QueryLimit limits,
            List<String> revokedApiKeys) {
        public UserPolicy {
            requireNonNull(username, "username is null");
            roles = List.copyOf(roles);
            groups = List.copyOf(groups);
            requireNonNull(limits, "limits is null");
            revokedApiKeys = List.copyOf(revokedApiKeys);
        }
    }
}

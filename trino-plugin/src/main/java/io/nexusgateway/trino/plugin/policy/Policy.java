package io.nexusgateway.trino.plugin.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The control plane's answer to {@code GET /internal/v1/policy}: every catalog Nexus materializes from a datasource,
 * and whether that datasource accepts writes.
 */
public record Policy(List<CatalogPolicy> catalogs) {
    public Policy {
        catalogs = List.copyOf(requireNonNull(catalogs, "catalogs is null"));
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

    /**
     * @param catalog the Trino catalog name
     * @param datasource the datasource's name as the registry shows it (used in denial messages)
     * @param writable {@code "writable": true} in the registry; otherwise the catalog is read-only
     */
    public record CatalogPolicy(String catalog, String datasource, boolean writable) {
        public CatalogPolicy {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(datasource, "datasource is null");
        }
    }
}

package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;

/**
 * A datasource's Trino catalog and its write policy.
 *
 * @param catalog the Trino catalog name
 * @param datasource the datasource's name
 * @param writable whether writes through Trino are allowed (default false: read-only)
 */
public record DatasourceCatalog(String catalog, String datasource, boolean writable) {
    public DatasourceCatalog {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(datasource, "datasource is null");
    }
}

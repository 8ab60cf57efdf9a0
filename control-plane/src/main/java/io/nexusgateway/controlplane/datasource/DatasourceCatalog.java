package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;

/**
 * A datasource's Trino catalog and its write policy.
 *
 * @param catalog the Trino catalog name
 * @param datasource the datasource's name
 * @param type the datasource type: the dialect of its native SQL
 * @param writable whether writes through Trino are allowed (default false: read-only)
 * @param passThrough whether a read-only datasource's {@code system.query} pass-through is allowed (default false)
 */
public record DatasourceCatalog(String catalog, String datasource, String type, boolean writable, boolean passThrough) {
    public DatasourceCatalog {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(datasource, "datasource is null");
        requireNonNull(type, "type is null");
    }
}

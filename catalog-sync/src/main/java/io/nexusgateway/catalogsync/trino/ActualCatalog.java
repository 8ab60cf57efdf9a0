package io.nexusgateway.catalogsync.trino;

import static java.util.Objects.requireNonNull;

/** A catalog as Trino lists it in {@code system.metadata.catalogs}. */
public record ActualCatalog(String catalogName, String connectorName) {
    public ActualCatalog {
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(connectorName, "connectorName is null");
    }
}

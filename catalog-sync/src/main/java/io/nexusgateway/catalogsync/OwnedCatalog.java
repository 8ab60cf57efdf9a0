package io.nexusgateway.catalogsync;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.connectors.CatalogDefinition;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A catalog Nexus created and therefore may replace or drop.
 *
 * @param fingerprint the {@link CatalogDefinition#fingerprint()} last applied; {@code null} while a create or
 *     re-create is in flight or failed half-way, which makes the next run create it again
 */
public record OwnedCatalog(
        String catalogName,
        String ownerId,
        String connectorName,
        @Nullable String fingerprint,
        Instant updatedAt) {
    public OwnedCatalog {
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(ownerId, "ownerId is null");
        requireNonNull(connectorName, "connectorName is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** Whether Trino's catalog of this name is known to be {@code catalog}, as far as the ledger knows. */
    public boolean matches(CatalogDefinition catalog) {
        return ownerId.equals(catalog.ownerId())
                && connectorName.equals(catalog.connectorName())
                && catalog.fingerprint().equals(fingerprint);
    }
}

package io.nexusgateway.catalogsync;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Trino's catalogs joined with the ledger and the wanted catalogs, for {@code GET /api/v1/catalogs}. When Trino is
 * unreachable, rows come from the ledger alone and say what was last known.
 *
 * @param catalogs one row per catalog name, sorted by name
 */
public record CatalogOverview(
        Instant generatedAt,
        boolean trinoReachable,
        @Nullable String trinoError,
        List<Row> catalogs) {
    public CatalogOverview {
        requireNonNull(generatedAt, "generatedAt is null");
        catalogs = List.copyOf(catalogs);
        if (!trinoReachable) {
            requireNonNull(trinoError, "trinoError is null");
        }
    }

    /**
     * @param ownerId the datasource that wants or owns the catalog; {@code null} for {@link CatalogStatus#UNMANAGED}
     * @param desiredConnectorName the connector the datasource wants; {@code null} if not wanted
     * @param actualConnectorName the connector Trino has; {@code null} if Trino has no such catalog or is unreachable
     * @param syncStatus the owner's sync state; {@code null} if there is none
     * @param lastError the owner's last error, or why the catalog cannot be Nexus'
     */
    public record Row(
            String catalogName,
            CatalogStatus status,
            @Nullable String ownerId,
            @Nullable String desiredConnectorName,
            @Nullable String actualConnectorName,
            @Nullable SyncStatus syncStatus,
            @Nullable String lastError,
            @Nullable Instant lastSyncedAt) {
        public Row {
            requireNonNull(catalogName, "catalogName is null");
            requireNonNull(status, "status is null");
        }
    }

    /** The row of {@code catalogName}, or {@code null}. */
    public @Nullable Row row(String catalogName) {
        return catalogs.stream()
                .filter(row -> row.catalogName().equals(catalogName))
                .findFirst()
                .orElse(null);
    }
}

package io.nexusgateway.controlplane.catalog;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.catalogsync.OwnedCatalog;
import io.nexusgateway.catalogsync.SyncLedger;
import io.nexusgateway.catalogsync.SyncState;
import io.nexusgateway.catalogsync.SyncStatus;
import io.nexusgateway.connectors.CatalogDefinition;
import io.nexusgateway.controlplane.datasource.DatasourceService;
import io.nexusgateway.controlplane.datasource.DatasourceView;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The sync ledger in the metadata store: {@code owned_catalogs} says what Nexus created in Trino (so orphans are
 * dropped and strangers' catalogs never are); each datasource's sync state lives with the datasource.
 */
@Repository
class JdbcSyncLedger implements SyncLedger {
    private final JdbcClient jdbc;
    private final DatasourceService datasources;

    JdbcSyncLedger(JdbcClient jdbc, DatasourceService datasources) {
        this.jdbc = requireNonNull(jdbc, "jdbc is null");
        this.datasources = requireNonNull(datasources, "datasources is null");
    }

    @Override
    public Map<String, OwnedCatalog> ownedCatalogs() {
        Map<String, OwnedCatalog> owned = new LinkedHashMap<>();
        jdbc.sql(
                        "SELECT catalog_name, owner_id, connector_name, fingerprint, updated_at FROM owned_catalogs ORDER BY catalog_name")
                .query((resultSet, rowNumber) -> new OwnedCatalog(
                        resultSet.getString("catalog_name"),
                        resultSet.getString("owner_id").strip(),
                        resultSet.getString("connector_name"),
                        resultSet.getString("fingerprint"),
                        resultSet.getTimestamp("updated_at").toInstant()))
                .list()
                .forEach(catalog -> owned.put(catalog.catalogName(), catalog));
        return owned;
    }

    @Override
    public Map<String, SyncState> syncStates() {
        Map<String, SyncState> states = new LinkedHashMap<>();
        datasources.syncStates().forEach((id, sync) -> states.put(id.toString(), toState(id, sync)));
        return states;
    }

    @Override
    public synchronized void recordClaim(String catalogName, String ownerId, String connectorName, Instant at) {
        upsert(catalogName, ownerId, connectorName, null, at);
    }

    @Override
    public synchronized void recordApplied(CatalogDefinition catalog, Instant at) {
        upsert(catalog.catalogName(), catalog.ownerId(), catalog.connectorName(), catalog.fingerprint(), at);
        ownerId(catalog.ownerId()).ifPresent(id -> datasources.recordSync(id, SyncStatus.SYNCED, null, at));
    }

    @Override
    public void recordInSync(String ownerId, Instant at) {
        // the reconciler calls this only when the stored state is not SYNCED already
        ownerId(ownerId).ifPresent(id -> datasources.recordSync(id, SyncStatus.SYNCED, null, at));
    }

    @Override
    public void recordFailure(String ownerId, String error, Instant at) {
        ownerId(ownerId).ifPresent(id -> datasources.recordSync(id, SyncStatus.FAILED, error, null));
    }

    @Override
    public void recordPending(String ownerId, Instant at) {
        ownerId(ownerId).ifPresent(id -> datasources.recordSync(id, SyncStatus.PENDING, null, null));
    }

    @Override
    public synchronized void recordDropped(String catalogName, Instant at) {
        jdbc.sql("DELETE FROM owned_catalogs WHERE catalog_name = :catalog")
                .param("catalog", catalogName)
                .update();
    }

    @Override
    public void forgetOwner(String ownerId) {
        // the sync state lives on the datasource row, which is gone with the datasource
    }

    private void upsert(
            String catalogName, String ownerId, String connectorName, @Nullable String fingerprint, Instant at) {
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("catalog", catalogName);
        params.put("owner", ownerId);
        params.put("connector", connectorName);
        params.put("fingerprint", fingerprint);
        params.put("at", Timestamp.from(at));
        int updated = jdbc.sql(
                        "UPDATE owned_catalogs SET owner_id = :owner, connector_name = :connector, fingerprint = :fingerprint, updated_at = :at "
                                + "WHERE catalog_name = :catalog")
                .params(params)
                .update();
        if (updated == 0) {
            jdbc.sql(
                            "INSERT INTO owned_catalogs (catalog_name, owner_id, connector_name, fingerprint, updated_at) VALUES (:catalog, :owner, :connector, :fingerprint, :at)")
                    .params(params)
                    .update();
        }
    }

    private static SyncState toState(UUID id, DatasourceView.SyncView sync) {
        SyncStatus status = SyncStatus.valueOf(sync.state());
        // a FAILED state always carries its error; the recorder never stores one without it
        String error = status == SyncStatus.FAILED ? String.valueOf(sync.lastError()) : sync.lastError();
        return new SyncState(
                id.toString(),
                status,
                error,
                sync.lastSyncedAt(),
                sync.lastSyncedAt() == null ? Instant.EPOCH : sync.lastSyncedAt());
    }

    private static java.util.Optional<UUID> ownerId(String ownerId) {
        try {
            return java.util.Optional.of(UUID.fromString(ownerId));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}

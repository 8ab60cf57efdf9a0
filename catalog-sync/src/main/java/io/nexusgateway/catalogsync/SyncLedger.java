package io.nexusgateway.catalogsync;

import io.nexusgateway.connectors.CatalogDefinition;
import java.time.Instant;
import java.util.Map;

/**
 * The persistent record of what Nexus owns in Trino and how each owner's sync went. The reconciler only ever drops or
 * replaces a catalog recorded here, so a catalog Trino has from elsewhere is never touched.
 *
 * <p>The reconciler writes ahead: {@link #recordClaim} before it creates or replaces a catalog, {@link #recordApplied}
 * after. A crash in between leaves a claim without fingerprint, and the next run creates the catalog again instead of
 * mistaking it for someone else's.
 *
 * <p>Implementations must be safe for use from several threads; the control plane backs this with its metadata store.
 */
public interface SyncLedger {
    /** Every catalog Nexus owns, by catalog name. */
    Map<String, OwnedCatalog> ownedCatalogs();

    /** Every owner's sync state, by owner id. */
    Map<String, SyncState> syncStates();

    /**
     * Nexus is about to create or replace {@code catalogName} for {@code ownerId}: record it as owned, fingerprint
     * unknown. Replaces an earlier claim or ownership of the same name.
     */
    void recordClaim(String catalogName, String ownerId, String connectorName, Instant at);

    /** Trino now has {@code catalog}: owned with its fingerprint, owner {@link SyncStatus#SYNCED}. */
    void recordApplied(CatalogDefinition catalog, Instant at);

    /** The owner's catalog is as desired (nothing had to change): owner {@link SyncStatus#SYNCED}. */
    void recordInSync(String ownerId, Instant at);

    /** The owner's last attempt failed: owner {@link SyncStatus#FAILED} with {@code error}. */
    void recordFailure(String ownerId, String error, Instant at);

    /** The registry changed the owner's datasource: owner {@link SyncStatus#PENDING}, last error kept. */
    void recordPending(String ownerId, Instant at);

    /** Trino no longer has {@code catalogName} (dropped, or found missing while undesired): no longer owned. */
    void recordDropped(String catalogName, Instant at);

    /** Forget the owner's sync state, e.g. after its datasource was deleted and its catalog dropped. */
    void forgetOwner(String ownerId);
}

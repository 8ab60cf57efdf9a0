package io.nexusgateway.catalogsync;

/** How one catalog stands, joining Trino's catalogs with the ledger and the wanted catalogs. */
public enum CatalogStatus {
    /** Wanted, owned, and Trino has it as wanted. */
    SYNCED,
    /** Wanted, but Trino does not have it. */
    MISSING_IN_TRINO,
    /** Owned by Nexus, no longer wanted, still in Trino: the next run drops it. */
    ORPHANED_IN_TRINO,
    /** The owner's last sync failed, or the name is taken by a catalog Nexus does not own. */
    FAILED,
    /** Wanted and in Trino, but fingerprint, connector or owner differ: the next run re-creates it. */
    DRIFTED,
    /** In Trino, not Nexus' ({@code system}, static catalogs, anyone else's). */
    UNMANAGED
}

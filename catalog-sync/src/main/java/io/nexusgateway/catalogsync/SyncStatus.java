package io.nexusgateway.catalogsync;

/** Where a datasource's catalog stands with the sync service. */
public enum SyncStatus {
    /** Changed in the registry, not yet reconciled. */
    PENDING,
    /** Trino's catalog matches the datasource, as of the last run. */
    SYNCED,
    /** The last attempt failed; {@link SyncState#lastError()} says why. */
    FAILED
}

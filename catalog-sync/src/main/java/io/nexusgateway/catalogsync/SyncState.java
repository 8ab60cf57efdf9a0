package io.nexusgateway.catalogsync;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The sync state of one owner (datasource).
 *
 * @param lastError Trino's message, or why Trino could not be asked; {@code null} unless {@link SyncStatus#FAILED}
 * @param lastSyncedAt when the catalog last matched the datasource; {@code null} if it never did
 * @param updatedAt when this state was written
 */
public record SyncState(
        String ownerId,
        SyncStatus status,
        @Nullable String lastError,
        @Nullable Instant lastSyncedAt,
        Instant updatedAt) {
    public SyncState {
        requireNonNull(ownerId, "ownerId is null");
        requireNonNull(status, "status is null");
        requireNonNull(updatedAt, "updatedAt is null");
        if (status == SyncStatus.FAILED) {
            requireNonNull(lastError, "lastError is null");
        }
    }
}

package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.catalogsync.SyncStatus;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One row of {@code data_sources}; {@code configJson} never holds the password, {@code passwordCiphertext} is AEAD-encrypted. */
record DatasourceRow(
        UUID id,
        String name,
        String type,
        @Nullable String description,
        String catalogName,
        String configJson,
        @Nullable String passwordCiphertext,
        long secretVersion,
        DatasourceStatus status,
        boolean writable,
        boolean passThrough,
        SyncStatus syncState,
        @Nullable String syncError,
        @Nullable Instant syncedAt,
        Instant createdAt,
        Instant updatedAt,
        long version) {
    DatasourceRow {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(configJson, "configJson is null");
        requireNonNull(status, "status is null");
        requireNonNull(syncState, "syncState is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }
}

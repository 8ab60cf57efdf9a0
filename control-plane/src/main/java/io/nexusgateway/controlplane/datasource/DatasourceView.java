package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A stored datasource as the API returns it (password masked). */
public record DatasourceView(
        UUID id,
        String name,
        String type,
        @Nullable String description,
        String catalog,
        String status,
        boolean writable,
        boolean passThrough,
        SyncView sync,
        Instant createdAt,
        Instant updatedAt,
        long version,
        DatasourceConfigDto config) {
    public DatasourceView {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(sync, "sync is null");
        requireNonNull(config, "config is null");
    }

    /** @param state PENDING, SYNCED or FAILED */
    public record SyncView(
            String state,
            @Nullable String lastError,
            @Nullable Instant lastSyncedAt) {}
}

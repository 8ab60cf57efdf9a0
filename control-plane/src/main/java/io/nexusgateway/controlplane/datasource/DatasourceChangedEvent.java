package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

/** Published after a datasource was created, changed or deleted (committed): the catalog sync reacts to it. */
public record DatasourceChangedEvent(UUID datasourceId, Kind kind) {
    public DatasourceChangedEvent {
        requireNonNull(datasourceId, "datasourceId is null");
        requireNonNull(kind, "kind is null");
    }

    public enum Kind {
        CREATED,
        UPDATED,
        DELETED
    }
}

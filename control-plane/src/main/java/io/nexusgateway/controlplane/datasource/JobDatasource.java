package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.connectors.EngineConnection;
import java.util.Optional;
import java.util.UUID;

/**
 * A datasource as ETL jobs see it: where engines other than Trino connect ({@link EngineConnection}, no password),
 * and whether it may be written.
 *
 * @param connection empty for types only Trino serves (tpch), or a datasource whose stored config no longer maps
 */
public record JobDatasource(
        UUID id,
        String name,
        String catalog,
        String type,
        DatasourceStatus status,
        boolean writable,
        boolean hasPassword,
        Optional<EngineConnection> connection) {
    public JobDatasource {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(type, "type is null");
        requireNonNull(status, "status is null");
        requireNonNull(connection, "connection is null");
    }
}

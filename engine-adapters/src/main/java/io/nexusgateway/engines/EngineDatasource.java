package io.nexusgateway.engines;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.connectors.EngineConnection;
import java.util.Optional;

/**
 * A datasource as an engine connects to it: its Trino catalog name, its type, and for types the engines reach
 * directly the JDBC connection (from the {@code connectors} module; read-only unless {@link #writable}). No password:
 * it comes through the job's {@link CredentialTicket}.
 *
 * @param connection empty for types only Trino serves (tpch): engines other than Trino cannot run such jobs
 * @param hasPassword whether the ticket holds a password for this catalog
 */
public record EngineDatasource(
        String catalog, String type, Optional<EngineConnection> connection, boolean writable, boolean hasPassword) {
    public EngineDatasource {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(type, "type is null");
        requireNonNull(connection, "connection is null");
    }
}

package io.nexusgateway.connectors;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A datasource type: its fields, how it becomes a Trino 476 catalog (the one place where datasource fields turn into
 * catalog properties), its default schema and its connection test. Get instances from {@link ConnectorTypes}; the JDBC
 * types extend {@link JdbcConnectorType}.
 */
public interface ConnectorType {
    /** The datasource type, e.g. {@code postgresql}. */
    String type();

    /** The Trino connector, as in {@code CREATE CATALOG ... USING <connectorName>}. */
    String connectorName();

    /** A name for people, e.g. {@code PostgreSQL}. */
    String displayName();

    /** The port used when a datasource gives none; empty for types without a server. */
    OptionalInt defaultPort();

    /** One descriptor for each of {@link DatasourceFields#ALL}, in that order. */
    List<FieldDescriptor> fields();

    /** The descriptor of {@code name}, if it is one of {@link DatasourceFields#ALL}. */
    default Optional<FieldDescriptor> field(String name) {
        return fields().stream().filter(field -> field.name().equals(name)).findFirst();
    }

    /**
     * The catalog for {@code datasource}, whose type must be this one.
     *
     * @throws InvalidDatasourceException if a field is missing or invalid, or an extra property is reserved
     * @throws InvalidCatalogNameException if the catalog name is not one Nexus may own
     */
    CatalogDefinition toCatalog(DatasourceSpec datasource);

    /**
     * The schema unqualified names resolve in, as they would on the source itself; empty if the type has none.
     *
     * @param database the datasource's {@link DatasourceFields#DATABASE}
     * @param username the datasource's {@link DatasourceFields#USERNAME}
     */
    Optional<String> defaultSchema(@Nullable String database, @Nullable String username);

    /**
     * How to test {@code datasource} with the source's own driver; empty for types Trino serves itself.
     *
     * @param timeout the test's deadline, for drivers that take their connect timeout as a property
     * @throws InvalidDatasourceException as {@link #toCatalog}: the test connects where the catalog would
     */
    Optional<ConnectionTest> connectionTest(DatasourceSpec datasource, Duration timeout);

    /**
     * How Spark and Flink read or write {@code datasource} over JDBC; empty for types Trino serves itself (they are
     * read through Trino only).
     *
     * @throws InvalidDatasourceException as {@link #toCatalog}: the engine connects where the catalog would
     */
    Optional<EngineConnection> engineConnection(DatasourceSpec datasource);
}

package io.nexusgateway.connectors;

import static io.nexusgateway.connectors.Mapping.CONNECTION_URL;
import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A Trino JDBC connector whose connector name is its type: the fields, catalog and connection test they all share. A
 * subclass states only the vendor's truth: its URL, the fields that differ, its properties and error codes.
 */
abstract class JdbcConnectorType implements ConnectorType {
    private final String type;
    private final String displayName;
    private final int defaultPort;

    JdbcConnectorType(String type, String displayName, int defaultPort) {
        this.type = requireNonNull(type, "type is null");
        this.displayName = requireNonNull(displayName, "displayName is null");
        this.defaultPort = defaultPort;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final String connectorName() {
        return type;
    }

    @Override
    public final String displayName() {
        return displayName;
    }

    @Override
    public final OptionalInt defaultPort() {
        return OptionalInt.of(defaultPort);
    }

    @Override
    public final List<FieldDescriptor> fields() {
        return List.of(
                JdbcFields.host(),
                JdbcFields.port(defaultPort),
                database(),
                JdbcFields.username(),
                JdbcFields.password(),
                ssl(),
                connectionTimeout(),
                maxPoolSize(),
                idleTimeout(),
                JdbcFields.maxLifetime(),
                timezone(),
                JdbcFields.properties(connectorName(), propertiesExample()));
    }

    abstract FieldDescriptor database();

    abstract FieldDescriptor ssl();

    abstract FieldDescriptor connectionTimeout();

    /** Trino 476's JDBC connectors keep no pool, but Oracle's. */
    FieldDescriptor maxPoolSize() {
        return JdbcFields.poolNotApplied(DatasourceFields.MAX_POOL_SIZE, null, displayName);
    }

    FieldDescriptor idleTimeout() {
        return JdbcFields.poolNotApplied(DatasourceFields.IDLE_TIMEOUT, "duration", displayName);
    }

    abstract FieldDescriptor timezone();

    /** An extra property of this connector, for the description of {@link DatasourceFields#PROPERTIES}. */
    abstract String propertiesExample();

    /**
     * The {@code connection-url}, fields checked. It never holds credentials: they go into {@code connection-user}
     * and {@code connection-password}.
     */
    abstract String connectionUrl(DatasourceSpec datasource);

    /** Catalog properties that fields set besides the URL; none by default. */
    void putFieldProperties(DatasourceSpec datasource, SortedMap<String, String> properties) {}

    /** The catalog properties {@link #putFieldProperties} sets, each with its field: extra properties cannot set them. */
    Map<String, String> fieldProperties() {
        return Map.of();
    }

    /** The vendor's driver properties for the connection test; none by default. */
    Map<String, String> testDriverProperties(Duration timeout) {
        return Map.of();
    }

    /** The vendor's JDBC driver class, for the engines (Trino's connector loads its own). */
    abstract String driverClass();

    /** The vendor's error codes of a refused login. */
    abstract Set<Integer> authenticationErrorCodes();

    @Override
    public final CatalogDefinition toCatalog(DatasourceSpec datasource) {
        Mapping.checkDatasource(this, datasource);
        SortedMap<String, String> properties = new TreeMap<>();
        properties.put(CONNECTION_URL, connectionUrl(datasource));
        Mapping.putCredentials(this, datasource, properties);
        putFieldProperties(datasource, properties);
        Mapping.putExtraProperties(datasource, properties, fieldProperties());
        return Mapping.catalog(this, datasource, properties);
    }

    @Override
    public final Optional<ConnectionTest> connectionTest(DatasourceSpec datasource, Duration timeout) {
        String url = toCatalog(datasource).properties().get(CONNECTION_URL);
        return Optional.of(new ConnectionTest(url, testDriverProperties(timeout), authenticationErrorCodes()));
    }

    @Override
    public final Optional<EngineConnection> engineConnection(DatasourceSpec datasource) {
        String url = toCatalog(datasource).properties().get(CONNECTION_URL);
        return Optional.of(new EngineConnection(url, driverClass(), datasource.username()));
    }

    /** {@code name} lowercase, as Trino shows schemas; empty if it is blank. */
    static Optional<String> lowercase(@Nullable String name) {
        return name == null || name.isBlank() ? Optional.empty() : Optional.of(name.toLowerCase(Locale.ROOT));
    }
}

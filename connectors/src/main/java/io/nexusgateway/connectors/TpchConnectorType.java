package io.nexusgateway.connectors;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Trino's {@code tpch} sample connector: generated data, no server, no credentials. */
final class TpchConnectorType implements ConnectorType {
    private static final String NOT_USED = "the tpch connector generates its data and connects to nothing";

    @Override
    public String type() {
        return "tpch";
    }

    @Override
    public String connectorName() {
        return "tpch";
    }

    @Override
    public String displayName() {
        return "TPC-H sample data";
    }

    @Override
    public OptionalInt defaultPort() {
        return OptionalInt.empty();
    }

    @Override
    public List<FieldDescriptor> fields() {
        return List.of(
                Mapping.notApplied(DatasourceFields.HOST, JsonType.STRING, "hostname", NOT_USED),
                Mapping.notApplied(DatasourceFields.PORT, JsonType.INTEGER, null, NOT_USED),
                Mapping.notApplied(DatasourceFields.DATABASE, JsonType.STRING, null, NOT_USED),
                Mapping.notApplied(DatasourceFields.USERNAME, JsonType.STRING, null, NOT_USED),
                Mapping.notApplied(DatasourceFields.PASSWORD, JsonType.STRING, "password", NOT_USED),
                Mapping.notApplied(DatasourceFields.SSL, JsonType.BOOLEAN, null, NOT_USED),
                Mapping.notApplied(DatasourceFields.CONNECTION_TIMEOUT, JsonType.STRING, "duration", NOT_USED),
                Mapping.notApplied(DatasourceFields.MAX_POOL_SIZE, JsonType.INTEGER, null, NOT_USED),
                Mapping.notApplied(DatasourceFields.IDLE_TIMEOUT, JsonType.STRING, "duration", NOT_USED),
                Mapping.notApplied(DatasourceFields.MAX_LIFETIME, JsonType.STRING, "duration", NOT_USED),
                Mapping.notApplied(DatasourceFields.TIMEZONE, JsonType.STRING, "time-zone", NOT_USED),
                JdbcFields.properties(connectorName(), "tpch.splits-per-node=4"));
    }

    @Override
    public CatalogDefinition toCatalog(DatasourceSpec datasource) {
        Mapping.checkDatasource(this, datasource);
        if (datasource.passwordReference() != null) {
            throw InvalidDatasourceException.invalid(DatasourceFields.PASSWORD, "the tpch connector takes no password");
        }
        SortedMap<String, String> properties = new TreeMap<>();
        Mapping.putExtraProperties(datasource, properties, Map.of());
        return Mapping.catalog(this, datasource, properties);
    }

    /** The smallest schema, so a sample query answers at once. */
    @Override
    public Optional<String> defaultSchema(@Nullable String database, @Nullable String username) {
        return Optional.of("tiny");
    }

    /** Served by Trino itself: nothing to connect to (the datasource is checked all the same). */
    @Override
    public Optional<ConnectionTest> connectionTest(DatasourceSpec datasource, Duration timeout) {
        toCatalog(datasource);
        return Optional.empty();
    }

    /** Generated inside Trino: the engines read it through Trino only. */
    @Override
    public Optional<EngineConnection> engineConnection(DatasourceSpec datasource) {
        toCatalog(datasource);
        return Optional.empty();
    }
}

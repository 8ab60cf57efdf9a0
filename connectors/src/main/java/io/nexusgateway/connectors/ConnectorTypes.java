package io.nexusgateway.connectors;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The datasource types Nexus can make Trino catalogs of: mysql, mariadb, postgresql, oracle, tpch. */
public final class ConnectorTypes {
    private static final Map<String, ConnectorType> TYPES = types(
            new MySqlConnectorType(),
            new MariaDbConnectorType(),
            new PostgreSqlConnectorType(),
            new OracleConnectorType(),
            new TpchConnectorType());

    private ConnectorTypes() {}

    /** Every type, in a fixed order. */
    public static List<ConnectorType> all() {
        return List.copyOf(TYPES.values());
    }

    /** The type names, in the order of {@link #all()}. */
    public static Set<String> typeNames() {
        return TYPES.keySet();
    }

    /** The type called {@code type} (case-insensitive), if there is one. */
    public static Optional<ConnectorType> find(String type) {
        requireNonNull(type, "type is null");
        return Optional.ofNullable(TYPES.get(type.toLowerCase(Locale.ROOT)));
    }

    /** The type called {@code type}, or {@link InvalidDatasourceException#unknownType(String)}. */
    public static ConnectorType get(String type) {
        return find(type).orElseThrow(() -> InvalidDatasourceException.unknownType(type));
    }

    /** The catalog for {@code datasource}, by its type's mapping. */
    public static CatalogDefinition toCatalog(DatasourceSpec datasource) {
        requireNonNull(datasource, "datasource is null");
        return get(datasource.type()).toCatalog(datasource);
    }

    private static Map<String, ConnectorType> types(ConnectorType... types) {
        Map<String, ConnectorType> byName = new LinkedHashMap<>();
        for (ConnectorType type : types) {
            byName.put(type.type(), type);
        }
        return Collections.unmodifiableMap(byName);
    }
}

package io.nexusgateway.catalogsync.trino;

import io.nexusgateway.connectors.CatalogDefinition;
import java.util.StringJoiner;

/** The catalog statements, with Trino's quoting: identifiers in {@code "}, strings in {@code '}, each doubled inside. */
public final class CatalogSql {
    private CatalogSql() {}

    public static String createCatalog(CatalogDefinition catalog) {
        // the connector name stays bare: Trino refuses USING "tpch" ('Invalid connector name'); CatalogDefinition
        // allows only [a-z][a-z0-9_]* there
        StringBuilder sql = new StringBuilder("CREATE CATALOG ")
                .append(identifier(catalog.catalogName()))
                .append(" USING ")
                .append(catalog.connectorName());
        if (!catalog.properties().isEmpty()) {
            StringJoiner properties = new StringJoiner(", ", " WITH (", ")");
            catalog.properties().forEach((key, value) -> properties.add(identifier(key) + " = " + literal(value)));
            sql.append(properties);
        }
        return sql.toString();
    }

    public static String dropCatalogIfExists(String catalogName) {
        return "DROP CATALOG IF EXISTS " + identifier(catalogName);
    }

    public static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}

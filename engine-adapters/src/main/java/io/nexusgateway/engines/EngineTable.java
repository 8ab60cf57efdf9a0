package io.nexusgateway.engines;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A table of a registered datasource, named as in Trino.
 *
 * @param columns the table's columns in order, with their Trino types ({@code bigint}, {@code varchar(20)}, {@code
 *     decimal(12,2)}, {@code timestamp(3)}, ...), for engines that declare tables (Flink)
 */
public record EngineTable(String catalog, String schema, String table, List<Column> columns) {
    public EngineTable {
        requireNonNull(catalog, "catalog is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(table, "table is null");
        columns = List.copyOf(columns);
    }

    /** {@code catalog.schema.table}, each part double-quoted as Trino, Spark (ANSI) and Flink accept. */
    public String quotedName() {
        return quote(catalog) + "." + quote(schema) + "." + quote(table);
    }

    /** A column: its name and Trino type. */
    public record Column(String name, String trinoType) {
        public Column {
            requireNonNull(name, "name is null");
            requireNonNull(trinoType, "trinoType is null");
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}

package io.nexusgateway.controlplane.query;

import io.nexusgateway.controlplane.datasource.DatasourceView;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where a query runs: a datasource's catalog and default schema, or (no datasource) no session catalog at all, so
 * every name is catalog-qualified — which is how one query joins tables of several datasources.
 */
record QueryTarget(
        @Nullable UUID dataSourceId,
        @Nullable String databaseType,
        @Nullable String catalog,
        @Nullable String schema) {
    static final QueryTarget FEDERATED = new QueryTarget(null, null, null, null);

    static QueryTarget of(DatasourceView datasource) {
        return new QueryTarget(datasource.id(), datasource.type(), datasource.catalog(), defaultSchema(datasource));
    }

    /** The schema unqualified names resolve in, as they would on the source itself (trino-notes, catalog mapping). */
    private static @Nullable String defaultSchema(DatasourceView datasource) {
        String database = datasource.config().database();
        return switch (datasource.type()) {
            // a MySQL/MariaDB catalog shows every database of the server as a schema
            case "mysql", "mariadb", "singlestore" -> lower(database);
            // a PostgreSQL catalog is bound to the database; unqualified names resolve in its search path's first
            // schema
            case "postgresql", "redshift" -> "public";
            // an Oracle catalog shows schemas (users); a session's default schema is its own user
            case "oracle" -> lower(datasource.config().username());
            case "tpch", "tpcds" -> "tiny";
            default -> null;
        };
    }

    private static @Nullable String lower(@Nullable String name) {
        return name == null || name.isBlank() ? null : name.toLowerCase(Locale.ROOT);
    }
}

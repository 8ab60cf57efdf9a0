package io.nexusgateway.controlplane.query;

import io.nexusgateway.connectors.ConnectorTypes;
import io.nexusgateway.controlplane.datasource.DatasourceView;
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

    /** The schema unqualified names resolve in, as they would on the source itself: the type states it. */
    private static @Nullable String defaultSchema(DatasourceView datasource) {
        return ConnectorTypes.find(datasource.type())
                .flatMap(type -> type.defaultSchema(
                        datasource.config().database(), datasource.config().username()))
                .orElse(null);
    }
}

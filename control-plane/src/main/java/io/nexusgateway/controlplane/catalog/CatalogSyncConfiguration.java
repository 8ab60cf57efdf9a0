package io.nexusgateway.controlplane.catalog;

import io.nexusgateway.catalogsync.CatalogReconciler;
import io.nexusgateway.catalogsync.CatalogSyncService;
import io.nexusgateway.catalogsync.CatalogSyncSettings;
import io.nexusgateway.catalogsync.trino.TrinoCatalogClient;
import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.datasource.DatasourceService;
import io.nexusgateway.controlplane.trino.TrinoAccess;
import java.time.Clock;
import java.util.Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the catalog-sync module: desired state from the registry, actual state from Trino, the ledger in our store. */
@Configuration(proxyBeanMethods = false)
class CatalogSyncConfiguration {
    @Bean(destroyMethod = "close")
    TrinoCatalogClient trinoCatalogClient(TrinoAccess trino, Clock clock) {
        // the catalog-sync service's own principal in Trino, with a fresh token per connection
        return new TrinoCatalogClient(
                trino.jdbcUrl(),
                () -> {
                    Properties connection = trino.jdbcProperties(trino.syncUser());
                    connection.setProperty("source", "nexus-catalog-sync");
                    return connection;
                },
                TrinoCatalogClient.DEFAULT_CALL_TIMEOUT,
                clock);
    }

    @Bean
    CatalogReconciler catalogReconciler(
            TrinoCatalogClient trino,
            DatasourceService datasources,
            JdbcSyncLedger ledger,
            Clock clock,
            NexusProperties properties) {
        return new CatalogReconciler(
                trino,
                datasources::desiredCatalogs,
                ledger,
                clock,
                properties.sync().parallelism());
    }

    @Bean(destroyMethod = "close")
    CatalogSyncService catalogSyncService(
            CatalogReconciler reconciler, TrinoCatalogClient trino, NexusProperties properties) {
        return CatalogSyncService.create(
                reconciler,
                trino,
                new CatalogSyncSettings(
                        properties.sync().interval(), properties.sync().watchInterval()));
    }
}

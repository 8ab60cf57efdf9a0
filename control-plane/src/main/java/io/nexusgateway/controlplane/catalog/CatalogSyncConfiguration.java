package io.nexusgateway.controlplane.catalog;

import io.nexusgateway.catalogsync.CatalogReconciler;
import io.nexusgateway.catalogsync.CatalogSyncService;
import io.nexusgateway.catalogsync.CatalogSyncSettings;
import io.nexusgateway.catalogsync.TrinoCatalogClient;
import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.datasource.DatasourceService;
import java.time.Clock;
import java.util.Properties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the catalog-sync module: desired state from the registry, actual state from Trino, the ledger in our store. */
@Configuration(proxyBeanMethods = false)
class CatalogSyncConfiguration {
    @Bean(destroyMethod = "close")
    TrinoCatalogClient trinoCatalogClient(NexusProperties properties) {
        Properties connection = new Properties();
        // the catalog-sync service's own principal in Trino
        connection.setProperty("user", properties.trino().syncUser());
        connection.setProperty("source", "nexus-catalog-sync");
        return new TrinoCatalogClient(properties.trino().jdbcUrl(), connection);
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

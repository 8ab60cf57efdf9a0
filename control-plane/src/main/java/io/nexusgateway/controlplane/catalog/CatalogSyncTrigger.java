package io.nexusgateway.controlplane.catalog;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.catalogsync.CatalogSyncService;
import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.datasource.DatasourceChangedEvent;
import io.nexusgateway.controlplane.datasource.DatasourceService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the sync once the control plane serves HTTP (Trino calls back for secrets while creating catalogs), and
 * reconciles after every registry change, waiting a bounded time so the API can answer with the synced state.
 */
@Component
class CatalogSyncTrigger {
    private static final Logger log = LoggerFactory.getLogger(CatalogSyncTrigger.class);

    private final CatalogSyncService syncService;
    private final DatasourceService datasources;
    private final NexusProperties properties;

    CatalogSyncTrigger(CatalogSyncService syncService, DatasourceService datasources, NexusProperties properties) {
        this.syncService = requireNonNull(syncService, "syncService is null");
        this.datasources = requireNonNull(datasources, "datasources is null");
        this.properties = requireNonNull(properties, "properties is null");
    }

    @EventListener(ApplicationReadyEvent.class)
    void onReady() {
        datasources.reencryptSecrets();
        if (properties.sync().enabled()) {
            syncService.start();
            log.info(
                    "Catalog sync started: every {}, Trino probed every {}",
                    properties.sync().interval(),
                    properties.sync().watchInterval());
        } else {
            log.warn("Catalog sync is disabled (nexus.sync.enabled=false): the registry will not reach Trino");
        }
    }

    @EventListener
    void onDatasourceChanged(DatasourceChangedEvent event) {
        if (!properties.sync().enabled()) {
            return;
        }
        try {
            syncService.requestSync().get(properties.sync().requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn(
                    "Catalog sync for datasource {} still running after {}; the API answers with its pending state",
                    event.datasourceId(),
                    properties.sync().requestTimeout());
        } catch (ExecutionException e) {
            log.warn(
                    "Catalog sync after a change of datasource {} failed: {}",
                    event.datasourceId(),
                    e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

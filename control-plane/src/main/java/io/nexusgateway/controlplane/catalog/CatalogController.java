package io.nexusgateway.controlplane.catalog;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.catalogsync.CatalogOverview;
import io.nexusgateway.catalogsync.CatalogReconciler;
import io.nexusgateway.catalogsync.CatalogSyncService;
import io.nexusgateway.catalogsync.ReconcileReport;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/catalogs", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Catalogs", description = "Trino's catalogs joined with the registry; the reconciler")
@SecurityRequirement(name = "bearer")
class CatalogController {
    private final CatalogReconciler reconciler;
    private final CatalogSyncService syncService;

    CatalogController(CatalogReconciler reconciler, CatalogSyncService syncService) {
        this.reconciler = requireNonNull(reconciler, "reconciler is null");
        this.syncService = requireNonNull(syncService, "syncService is null");
    }

    @GetMapping
    @Operation(
            summary = "List catalogs",
            description =
                    "Every catalog Trino has or should have: SYNCED, MISSING_IN_TRINO, ORPHANED_IN_TRINO, FAILED, DRIFTED or UNMANAGED (not Nexus').")
    CatalogOverview list() {
        return reconciler.overview();
    }

    @PostMapping("/sync")
    @Operation(
            summary = "Reconcile now",
            description =
                    "Runs the reconciler and returns what changed: created, recreated, dropped, failed, unchanged, unmanaged.")
    ReconcileReport sync() {
        return syncService.reconcileNow();
    }
}

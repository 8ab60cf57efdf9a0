/**
 * Materializes Nexus datasources as Trino 476 dynamic catalogs and keeps them in step, like a Kubernetes controller.
 *
 * <ul>
 *   <li>the catalogs come from the datasource types of {@link io.nexusgateway.connectors.ConnectorTypes} (module
 *       {@code connectors});
 *   <li>{@link io.nexusgateway.catalogsync.trino.TrinoCatalogClient} (package {@code trino}): {@code CREATE/DROP
 *       CATALOG} and listing through trino-jdbc;
 *   <li>{@link io.nexusgateway.catalogsync.CatalogReconciler}: desired ({@link
 *       io.nexusgateway.catalogsync.DesiredCatalogs}) versus actual (Trino), with ownership recorded in a {@link
 *       io.nexusgateway.catalogsync.SyncLedger}; catalogs Nexus does not own are never touched;
 *   <li>{@link io.nexusgateway.catalogsync.CatalogSyncService}: single-flight runs, a periodic loop and a Trino
 *       watcher that reconciles at once when Trino comes back or restarts.
 * </ul>
 *
 * <p>Plain Java without Spring: the control plane wires it.
 */
@NullMarked
package io.nexusgateway.catalogsync;

import org.jspecify.annotations.NullMarked;

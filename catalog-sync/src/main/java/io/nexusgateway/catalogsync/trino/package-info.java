/**
 * The reconciler's Trino client: {@code CREATE/DROP CATALOG} and listing through trino-jdbc ({@link
 * io.nexusgateway.catalogsync.trino.TrinoCatalogClient}), Trino's quoting ({@link
 * io.nexusgateway.catalogsync.trino.CatalogSql}) and what Trino's answers mean. Knows nothing of the reconciler.
 */
@NullMarked
package io.nexusgateway.catalogsync.trino;

import org.jspecify.annotations.NullMarked;

package io.nexusgateway.catalogsync;

import io.nexusgateway.connectors.CatalogDefinition;
import io.nexusgateway.connectors.ConnectorTypes;
import java.util.List;

/**
 * The catalogs Trino should have: one per ACTIVE datasource, mapped by {@link ConnectorTypes#toCatalog}. The control
 * plane implements it over its registry; datasources whose mapping fails should be refused when saved, not left out
 * here silently.
 */
@FunctionalInterface
public interface DesiredCatalogs {
    List<CatalogDefinition> desiredCatalogs();
}

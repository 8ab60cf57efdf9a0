package io.nexusgateway.controlplane.policy;

import io.nexusgateway.controlplane.datasource.DatasourceCatalog;
import java.util.List;

/**
 * What {@code GET /internal/v1/policy} answers: every catalog Nexus materializes from a datasource, sorted by catalog,
 * with its write policy. A catalog not listed is not Nexus' and takes no writes either.
 */
public record PolicyDocument(List<DatasourceCatalog> catalogs) {
    public PolicyDocument {
        catalogs = List.copyOf(catalogs);
    }
}

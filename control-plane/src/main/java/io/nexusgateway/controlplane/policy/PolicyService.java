package io.nexusgateway.controlplane.policy;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.datasource.DatasourceCatalog;
import io.nexusgateway.controlplane.datasource.DatasourceService;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The read-only policy's facade. Trino's {@code nexus} access control enforces it (it fetches
 * {@link #current()} every {@code nexus.policy.refresh-interval}); other features may ask it for a friendlier
 * message before sending a statement, never instead of Trino's check.
 */
@Service
public class PolicyService {
    private final DatasourceService datasources;

    PolicyService(DatasourceService datasources) {
        this.datasources = requireNonNull(datasources, "datasources is null");
    }

    public PolicyDocument current() {
        return new PolicyDocument(datasources.catalogs());
    }

    /** The policy of one catalog; empty when no datasource owns it (then it takes no writes). */
    public Optional<DatasourceCatalog> catalog(String catalogName) {
        return datasources.catalogs().stream()
                .filter(catalog -> catalog.catalog().equals(catalogName))
                .findFirst();
    }
}

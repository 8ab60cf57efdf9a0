package io.nexusgateway.controlplane.datasource;

import java.util.List;

public record DatasourcePage(List<DatasourceView> items, int page, int size, long totalItems, int totalPages) {
    public DatasourcePage {
        items = List.copyOf(items);
    }
}

package io.nexusgateway.controlplane.audit;

import java.util.List;

/** One page of refused audit records, newest first. */
public record AuditRejectionPage(List<AuditRejection> items, int page, int size, long totalItems, int totalPages) {
    public AuditRejectionPage {
        items = List.copyOf(items);
    }
}

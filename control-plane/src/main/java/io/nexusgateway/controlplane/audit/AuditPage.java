package io.nexusgateway.controlplane.audit;

import java.util.List;

/** One page of audit records, newest first. */
public record AuditPage(List<QueryAuditRecord> items, int page, int size, long totalItems, int totalPages) {
    public AuditPage {
        items = List.copyOf(items);
    }
}

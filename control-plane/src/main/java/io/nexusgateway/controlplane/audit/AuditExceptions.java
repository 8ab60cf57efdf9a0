package io.nexusgateway.controlplane.audit;

import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;

/** Named factories for the audit trail's errors. */
final class AuditExceptions {
    private AuditExceptions() {}

    static NexusException notFound(String queryId) {
        return new NexusException(ProblemType.AUDIT_RECORD_NOT_FOUND, "No audit record for query " + queryId);
    }

    static NexusException invalidFilter(String detail) {
        return new NexusException(ProblemType.INVALID_AUDIT_FILTER, detail);
    }

    static NexusException invalidBatch(String detail) {
        return new NexusException(ProblemType.INVALID_AUDIT_RECORD, detail);
    }
}

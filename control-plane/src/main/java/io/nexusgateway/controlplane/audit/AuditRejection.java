package io.nexusgateway.controlplane.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An audit record the control plane refused ({@code GET /api/v1/audit/rejected}): which query, whose, and why. The
 * whole record stays in the spool's {@code rejected/} directory on the Trino coordinator.
 *
 * @param queryId the record's query id, if it had a usable one
 * @param user the record's user, if it named one
 */
public record AuditRejection(
        @Nullable String queryId, @Nullable String user, String reason, Instant rejectedAt) {
    public AuditRejection {
        requireNonNull(reason, "reason is null");
        requireNonNull(rejectedAt, "rejectedAt is null");
    }
}

package io.nexusgateway.trino.plugin.audit;

import java.util.Optional;

/**
 * How a query ended, as the audit record says it; the wire value is the name, one of {@code states} in
 * {@code contracts/audit-record.json}, which the control plane's {@code AuditState} is tested against too.
 */
public enum AuditState {
    SUCCEEDED,
    FAILED,
    /** failed with {@code PERMISSION_DENIED}: refused by the read-only policy or another access check */
    DENIED;

    /** The state of a query that failed with this error, or succeeded without one. */
    static AuditState of(Optional<String> errorCode) {
        return errorCode
                .map(code -> code.equals("PERMISSION_DENIED") ? DENIED : FAILED)
                .orElse(SUCCEEDED);
    }
}

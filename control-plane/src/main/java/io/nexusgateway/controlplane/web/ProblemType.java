package io.nexusgateway.controlplane.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/** The one catalogue of error types the HTTP API answers with; {@code type} URIs and codes are stable. */
public enum ProblemType {
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "Malformed request"),
    VALIDATION_FAILED(HttpStatus.UNPROCESSABLE_CONTENT, "Validation failed"),
    UNKNOWN_DATASOURCE_TYPE(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown datasource type"),
    INVALID_CATALOG_NAME(HttpStatus.UNPROCESSABLE_CONTENT, "Name makes no valid catalog"),
    DATASOURCE_NOT_FOUND(HttpStatus.NOT_FOUND, "Datasource not found"),
    DATASOURCE_NAME_CONFLICT(HttpStatus.CONFLICT, "Datasource name already used"),
    VERSION_CONFLICT(HttpStatus.CONFLICT, "Stale version"),
    VERSION_REQUIRED(HttpStatus.PRECONDITION_REQUIRED, "Version required"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    // issue 12: errors the servlet container answers before Spring MVC
    REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "Request timeout"),
    REQUEST_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Request too large"),
    HTTP_VERSION_NOT_SUPPORTED(HttpStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP version not supported"),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
    SECRET_NOT_FOUND(HttpStatus.NOT_FOUND, "Secret not found"),
    TRINO_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Trino unavailable"),
    // the query API (README, "Query API errors")
    DATASOURCE_INACTIVE(HttpStatus.NOT_FOUND, "Datasource inactive"),
    INVALID_QUERY_REQUEST(HttpStatus.BAD_REQUEST, "Invalid query request"),
    INVALID_QUERY_PARAMETER(HttpStatus.BAD_REQUEST, "Invalid query parameter"),
    SQL_REQUIRED(HttpStatus.BAD_REQUEST, "SQL required"),
    SQL_TOO_LONG(HttpStatus.BAD_REQUEST, "SQL too long"),
    SQL_TOO_DEEPLY_NESTED(HttpStatus.BAD_REQUEST, "SQL too deeply nested"),
    SQL_SYNTAX_ERROR(HttpStatus.BAD_REQUEST, "SQL syntax error"),
    TABLE_NOT_FOUND(HttpStatus.NOT_FOUND, "Table not found"),
    SQL_OBJECT_NOT_FOUND(HttpStatus.NOT_FOUND, "Catalog, schema or function not found"),
    COLUMN_NOT_FOUND(HttpStatus.BAD_REQUEST, "Column not found"),
    PARAMETER_MISMATCH(HttpStatus.BAD_REQUEST, "Parameters do not match the statement"),
    QUERY_INVALID(HttpStatus.BAD_REQUEST, "Query rejected by Trino"),
    PERMISSION_DENIED(HttpStatus.FORBIDDEN, "Permission denied"),
    QUERY_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "Query timed out"),
    QUERY_CANCELED(HttpStatus.CONFLICT, "Query canceled"),
    SOURCE_ERROR(HttpStatus.BAD_GATEWAY, "The source database failed"),
    TRINO_OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, "Trino is out of resources"),
    // the caller's own Trino resource group is full (running and queued limits): their queries, not Trino's health
    TRINO_QUEUE_FULL(HttpStatus.TOO_MANY_REQUESTS, "Too many queries of yours are running or queued"),
    TRINO_ERROR(HttpStatus.BAD_GATEWAY, "Trino failed"),
    // issue 6: spooled results
    SPOOL_STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Spool store unavailable"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    // issue 4: the audit trail
    AUDIT_RECORD_NOT_FOUND(HttpStatus.NOT_FOUND, "Audit record not found"),
    INVALID_AUDIT_FILTER(HttpStatus.BAD_REQUEST, "Invalid audit filter"),
    INVALID_AUDIT_RECORD(HttpStatus.BAD_REQUEST, "Invalid audit record"),
    // issue 5: identity, credentials, grants, rate limits
    KEY_ROTATION_TOO_SOON(HttpStatus.CONFLICT, "Key rotation too soon"),
    INVALID_CREDENTIALS(HttpStatus.UNAUTHORIZED, "Invalid credentials"),
    INVALID_IDENTITY_REQUEST(HttpStatus.BAD_REQUEST, "Invalid identity request"),
    INVALID_USERNAME(HttpStatus.BAD_REQUEST, "Invalid username"),
    RESERVED_USERNAME(HttpStatus.BAD_REQUEST, "Reserved username"),
    WEAK_PASSWORD(HttpStatus.BAD_REQUEST, "Password too weak"),
    USER_NOT_FOUND(HttpStatus.NOT_FOUND, "User not found"),
    USER_NAME_CONFLICT(HttpStatus.CONFLICT, "Username already used"),
    GROUP_NOT_FOUND(HttpStatus.NOT_FOUND, "Group not found"),
    GROUP_NAME_CONFLICT(HttpStatus.CONFLICT, "Group name already used"),
    API_KEY_NOT_FOUND(HttpStatus.NOT_FOUND, "API key not found"),
    // issue 12: a key of one's own must expire, within nexus.security.api-keys.max-lifetime
    INVALID_API_KEY_EXPIRY(HttpStatus.BAD_REQUEST, "API key expiry not allowed"),
    INVALID_GRANT(HttpStatus.BAD_REQUEST, "Invalid grant"),
    GRANT_NOT_FOUND(HttpStatus.NOT_FOUND, "Grant not found"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
    // issue 12: hardening
    SECRET_REFERENCE_NOT_ALLOWED(HttpStatus.BAD_REQUEST, "Secret reference not allowed"),
    PASSWORD_REQUIRED(HttpStatus.BAD_REQUEST, "Password required"),
    // the control plane's own database is down or out of connections: retry, nothing was changed
    METADATA_STORE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Metadata store unavailable"),
    // issue 14: ETL jobs
    JOB_NOT_FOUND(HttpStatus.NOT_FOUND, "Job not found"),
    INVALID_JOB(HttpStatus.BAD_REQUEST, "Invalid job"),
    UNKNOWN_ENGINE(HttpStatus.BAD_REQUEST, "Unknown engine"),
    ENGINE_NOT_ENABLED(HttpStatus.BAD_REQUEST, "Engine not enabled"),
    ENGINE_CANNOT_RUN_JOB(HttpStatus.BAD_REQUEST, "The engine cannot run this job"),
    TARGET_READ_ONLY(HttpStatus.FORBIDDEN, "Target datasource is read-only"),
    JOB_LIMIT_REACHED(HttpStatus.TOO_MANY_REQUESTS, "Too many jobs of yours are running"),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key used for another job"),
    JOB_ENDED(HttpStatus.CONFLICT, "The job has ended"),
    ENGINE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Engine unavailable");

    private static final String BASE = "https://nexusgateway.io/problems/";

    private final HttpStatus status;
    private final String title;

    ProblemType(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String code() {
        return name();
    }

    public URI type() {
        return URI.create(BASE + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
}

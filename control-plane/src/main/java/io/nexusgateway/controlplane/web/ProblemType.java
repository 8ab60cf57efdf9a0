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
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
    SECRET_NOT_FOUND(HttpStatus.NOT_FOUND, "Secret not found"),
    TRINO_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Trino unavailable"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    // issue 4: the audit trail
    AUDIT_RECORD_NOT_FOUND(HttpStatus.NOT_FOUND, "Audit record not found"),
    INVALID_AUDIT_FILTER(HttpStatus.BAD_REQUEST, "Invalid audit filter"),
    INVALID_AUDIT_RECORD(HttpStatus.BAD_REQUEST, "Invalid audit record");

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

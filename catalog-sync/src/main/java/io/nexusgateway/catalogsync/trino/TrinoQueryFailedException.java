package io.nexusgateway.catalogsync.trino;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Trino ran a statement and failed it. {@link #getMessage()} is Trino's message, verbatim (without trino-jdbc's
 * {@code Query failed (#id): } prefix); catalogs carry only secret references, so it holds no password.
 */
public final class TrinoQueryFailedException extends RuntimeException {
    private final @Nullable String queryId;
    private final int errorCode;

    public TrinoQueryFailedException(String trinoMessage, @Nullable String queryId, int errorCode, Throwable cause) {
        super(requireNonNull(trinoMessage, "trinoMessage is null"), cause);
        this.queryId = queryId;
        this.errorCode = errorCode;
    }

    /** Trino's query id, for its logs and Web UI. */
    public @Nullable String queryId() {
        return queryId;
    }

    /** Trino's numeric error code (e.g. 44 for a missing catalog); 0 if unknown. */
    public int errorCode() {
        return errorCode;
    }
}

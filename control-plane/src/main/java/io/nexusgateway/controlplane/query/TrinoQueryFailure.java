package io.nexusgateway.controlplane.query;

import io.trino.client.ErrorLocation;
import io.trino.client.QueryError;
import org.jspecify.annotations.Nullable;

/**
 * Trino answered the query with an error: its name ({@code SYNTAX_ERROR}, {@code PERMISSION_DENIED}, ...), type
 * ({@code USER_ERROR}, {@code EXTERNAL}, ...), message and location. {@link QueryErrors} maps it to a problem.
 */
final class TrinoQueryFailure extends RuntimeException {
    private final String queryId;
    private final String errorName;
    private final String errorType;
    private final @Nullable Integer line;
    private final @Nullable Integer column;

    TrinoQueryFailure(String queryId, QueryError error) {
        super(error.getMessage());
        this.queryId = queryId;
        this.errorName = String.valueOf(error.getErrorName());
        this.errorType = String.valueOf(error.getErrorType());
        ErrorLocation location = error.getErrorLocation();
        this.line = location == null ? null : location.getLineNumber();
        this.column = location == null ? null : location.getColumnNumber();
    }

    String queryId() {
        return queryId;
    }

    String errorName() {
        return errorName;
    }

    String errorType() {
        return errorType;
    }

    @Nullable
    Integer line() {
        return line;
    }

    @Nullable
    Integer column() {
        return column;
    }
}

package io.nexusgateway.controlplane.trino.client;

import io.trino.client.ErrorLocation;
import io.trino.client.FailureInfo;
import io.trino.client.QueryError;
import org.jspecify.annotations.Nullable;

/**
 * Trino answered the query with an error: its name ({@code SYNTAX_ERROR}, {@code PERMISSION_DENIED}, ...), type
 * ({@code USER_ERROR}, {@code EXTERNAL}, ...), message and location. {@link QueryErrors} maps it to a problem.
 */
public final class TrinoQueryFailure extends RuntimeException {
    private final String queryId;
    private final String errorName;
    private final String errorType;
    private final @Nullable Integer line;
    private final @Nullable Integer column;
    private final boolean spooling;

    TrinoQueryFailure(String queryId, QueryError error) {
        super(error.getMessage());
        this.queryId = queryId;
        this.errorName = String.valueOf(error.getErrorName());
        this.errorType = String.valueOf(error.getErrorType());
        ErrorLocation location = error.getErrorLocation();
        this.line = location == null ? null : location.getLineNumber();
        this.column = location == null ? null : location.getColumnNumber();
        this.spooling = isSpoolingFailure(error.getFailureInfo());
    }

    /**
     * True when Trino failed writing or reading a spooled segment (spool store down, full, or refusing writes). Told by
     * where it failed, Trino's spooling code, since the message is the storage client's own ("Put failed for bucket").
     */
    boolean spooling() {
        return spooling;
    }

    private static boolean isSpoolingFailure(@Nullable FailureInfo failure) {
        for (FailureInfo current = failure; current != null; current = current.getCause()) {
            for (String frame : current.getStack()) {
                if (frame.contains(".spooling.") || frame.contains("OutputSpoolingOperator")) {
                    return true;
                }
            }
        }
        return false;
    }

    public String queryId() {
        return queryId;
    }

    public String errorName() {
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

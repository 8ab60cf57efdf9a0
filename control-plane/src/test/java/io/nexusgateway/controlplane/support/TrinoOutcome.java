package io.nexusgateway.controlplane.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one statement sent directly to Trino over JDBC: succeeded, or failed with Trino's error code and
 * message. Each run carries a fresh trace token, which the audit trail records as the correlation id.
 */
public record TrinoOutcome(
        String sql,
        String traceToken,
        boolean succeeded,
        int errorCode,
        @Nullable String message) {
    /** Trino's {@code StandardErrorCode.PERMISSION_DENIED}. */
    public static final int PERMISSION_DENIED = 4;

    public static TrinoOutcome run(Connection connection, String sql) throws SQLException {
        String traceToken = "it-" + UUID.randomUUID();
        connection.setClientInfo("TraceToken", traceToken);
        try (Statement statement = connection.createStatement()) {
            if (statement.execute(sql)) {
                // a query fails only while its rows are read, so every row is read
                try (ResultSet resultSet = statement.getResultSet()) {
                    while (resultSet.next()) {
                        // drained
                    }
                }
            }
            return new TrinoOutcome(sql, traceToken, true, 0, null);
        } catch (SQLException e) {
            return new TrinoOutcome(sql, traceToken, false, e.getErrorCode(), e.getMessage());
        }
    }

    /** The message without the JDBC driver's {@code Query failed (#id): } prefix. */
    public @Nullable String trinoMessage() {
        return message == null ? null : message.replaceFirst("^Query failed \\(#[^)]*\\): ", "");
    }

    public boolean denied() {
        return !succeeded && errorCode == PERMISSION_DENIED;
    }

    @Override
    public String toString() {
        return (succeeded ? "SUCCEEDED" : "FAILED(" + errorCode + ": " + message + ")") + " <- " + sql;
    }
}

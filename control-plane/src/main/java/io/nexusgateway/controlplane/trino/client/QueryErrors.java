package io.nexusgateway.controlplane.trino.client;

import io.nexusgateway.controlplane.secret.SecretRedactor;
import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import java.util.LinkedHashMap;
import java.util.Map;

/** The one place where Trino's error names and types become HTTP problems. */
public final class QueryErrors {
    /** The plugin's refusal for want of a policy ({@code contracts/access-denials.json}): retryable, not a denial. */
    static final String POLICY_NOT_LOADED = "the Nexus policy is not loaded";

    private QueryErrors() {}

    /** Trino cannot be reached, or its answer broke off or could not be read: clients retry a 503. */
    static NexusException trinoUnavailable() {
        return new NexusException(ProblemType.TRINO_UNAVAILABLE, "Trino cannot be reached; try again shortly");
    }

    public static NexusException toProblem(TrinoQueryFailure failure, boolean hasParameters) {
        if (failure.spooling()) {
            // the storage client's message names the store's endpoint and bucket: say what happened instead
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("queryId", failure.queryId());
            properties.put("trinoErrorName", failure.errorName());
            properties.put("trinoErrorType", failure.errorType());
            return new NexusException(
                    ProblemType.SPOOL_STORE_UNAVAILABLE,
                    "Trino could not write the result to its spool store; try again shortly",
                    properties);
        }
        ProblemType type =
                switch (failure.errorName()) {
                    case "SYNTAX_ERROR" -> ProblemType.SQL_SYNTAX_ERROR;
                    case "TABLE_NOT_FOUND" -> ProblemType.TABLE_NOT_FOUND;
                    case "CATALOG_NOT_FOUND", "SCHEMA_NOT_FOUND", "FUNCTION_NOT_FOUND" ->
                        ProblemType.SQL_OBJECT_NOT_FOUND;
                    case "COLUMN_NOT_FOUND" -> ProblemType.COLUMN_NOT_FOUND;
                    case "INVALID_PARAMETER_USAGE" -> ProblemType.PARAMETER_MISMATCH;
                    case "TYPE_MISMATCH" -> hasParameters ? ProblemType.PARAMETER_MISMATCH : ProblemType.QUERY_INVALID;
                    // a Trino just (re)started refuses until it has loaded the policy: unavailable, not forbidden
                    case "PERMISSION_DENIED" ->
                        String.valueOf(failure.getMessage()).contains(POLICY_NOT_LOADED)
                                ? ProblemType.TRINO_UNAVAILABLE
                                : ProblemType.PERMISSION_DENIED;
                    case "EXCEEDED_TIME_LIMIT" -> ProblemType.QUERY_TIMEOUT;
                    case "USER_CANCELED", "ADMINISTRATIVELY_KILLED" -> ProblemType.QUERY_CANCELED;
                    case "QUERY_QUEUE_FULL" -> ProblemType.TRINO_QUEUE_FULL;
                    // a Trino restarting (after a crash, say) is briefly unavailable, not broken: clients retry a 503
                    case "SERVER_STARTING_UP", "SERVER_SHUTTING_DOWN" -> ProblemType.TRINO_UNAVAILABLE;
                    default ->
                        switch (failure.errorType()) {
                            case "USER_ERROR" -> ProblemType.QUERY_INVALID;
                            case "EXTERNAL" -> ProblemType.SOURCE_ERROR;
                            case "INSUFFICIENT_RESOURCES" -> ProblemType.TRINO_OVERLOADED;
                            default -> ProblemType.TRINO_ERROR;
                        };
                };
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("queryId", failure.queryId());
        properties.put("trinoErrorName", failure.errorName());
        properties.put("trinoErrorType", failure.errorType());
        if (failure.line() != null) {
            properties.put("line", failure.line());
        }
        if (failure.column() != null) {
            properties.put("column", failure.column());
        }
        // a source's error could quote a connection string; never let a password-looking value through
        return new NexusException(type, SecretRedactor.redact(String.valueOf(failure.getMessage())), properties);
    }
}

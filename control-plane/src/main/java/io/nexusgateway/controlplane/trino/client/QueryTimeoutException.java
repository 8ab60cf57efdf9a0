package io.nexusgateway.controlplane.trino.client;

import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import java.util.Map;

/** The query ran past its {@code timeoutMs}; it was canceled in Trino. */
final class QueryTimeoutException extends NexusException {
    QueryTimeoutException(String queryId) {
        super(
                ProblemType.QUERY_TIMEOUT,
                "The query exceeded its time limit and was canceled in Trino",
                Map.of("queryId", queryId));
    }
}

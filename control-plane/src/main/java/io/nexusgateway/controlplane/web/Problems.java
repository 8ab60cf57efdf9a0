package io.nexusgateway.controlplane.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problems with the fields every Nexus error carries: code, correlationId, timestamp. */
public final class Problems {
    private Problems() {}

    public static ProblemDetail of(ProblemType type, String detail) {
        return of(type, detail, Map.of());
    }

    public static ProblemDetail of(ProblemType type, String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.type());
        problem.setTitle(type.title());
        problem.setProperty("success", false);
        problem.setProperty("code", type.code());
        String correlationId = MDC.get(CorrelationIdFilter.MDC_KEY);
        if (correlationId != null) {
            problem.setProperty("correlationId", correlationId);
        }
        problem.setProperty("timestamp", Instant.now().toString());
        properties.forEach(problem::setProperty);
        return problem;
    }

    /** The problem as its JSON members, in RFC 9457 order, for places that write JSON themselves (filters, streams). */
    public static Map<String, Object> toMap(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", String.valueOf(problem.getType()));
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }
}

package io.nexusgateway.controlplane.security;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.web.ProblemType;
import io.nexusgateway.controlplane.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** Writes problems from filters, where the MVC exception handler does not reach. */
final class ProblemResponseWriter {
    private final JsonMapper jsonMapper;

    ProblemResponseWriter(JsonMapper jsonMapper) {
        this.jsonMapper = requireNonNull(jsonMapper, "jsonMapper is null");
    }

    void write(HttpServletResponse response, ProblemType type, String detail) throws IOException {
        write(response, type, detail, Map.of());
    }

    void write(HttpServletResponse response, ProblemType type, String detail, Map<String, Object> properties)
            throws IOException {
        ProblemDetail problem = Problems.of(type, detail, properties);
        Map<String, Object> body = Problems.toMap(problem);
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (type == ProblemType.UNAUTHENTICATED) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"nexus\"");
        }
        jsonMapper.writeValue(response.getOutputStream(), body);
    }
}

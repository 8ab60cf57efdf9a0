package io.nexusgateway.controlplane.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report as a problem: the errors Tomcat answers itself (a request line, header, URI or encoding it
 * cannot parse, TRACE, a read timeout) and every {@code sendError} of a filter never reach Spring MVC; Tomcat would
 * render them as HTML pages quoting the input. This valve replaces the host's {@link ErrorReportValve}, so every error
 * Nexus answers is {@code application/problem+json} with a code, a fixed detail and a correlationId.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as Tomcat's own: nothing when the application wrote a body (our problems) or another valve reported
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        Object known = request.getAttribute(CorrelationIdFilter.ATTRIBUTE);
        String correlationId = known instanceof String id ? id : CorrelationIdFilter.newId();
        MDC.put(CorrelationIdFilter.MDC_KEY, correlationId);
        try {
            ProblemDetail problem = Problems.forStatus(status, detail(status));
            response.setHeader(CorrelationIdFilter.HEADER, correlationId);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(Problems.toMap(problem)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot be written any more: nothing left to tell
        } finally {
            MDC.remove(CorrelationIdFilter.MDC_KEY);
        }
    }

    // fixed text: Tomcat's own messages quote the offending input
    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is not valid HTTP: its request line, a header, the URI or its encoding";
            case 404 -> "No endpoint here";
            case 405 -> "This method is not supported here";
            case 408 -> "The request did not arrive in time";
            case 413 -> "The request is too large";
            case 414 -> "The request URI is too long";
            case 505 -> "Speak HTTP/1.1";
            default ->
                status < 500
                        ? "The request could not be processed"
                        : "An unexpected error occurred; quote the correlationId when reporting it";
        };
    }
}

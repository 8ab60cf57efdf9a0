package io.nexusgateway.controlplane.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Every error the MVC layer sees leaves as {@code application/problem+json}: never a stack trace or a class name. */
@RestControllerAdvice
public final class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    public static final String METADATA_STORE_DOWN =
            "The control plane cannot reach its metadata store; nothing was changed, retry shortly";

    @ExceptionHandler(NexusException.class)
    public ResponseEntity<ProblemDetail> handleNexus(NexusException exception, HttpServletResponse response) {
        if (response.isCommitted()) {
            // a stream's body is under way: nothing can be rendered; the container aborts the connection
            throw exception;
        }
        ResponseEntity<ProblemDetail> answer =
                respond(Problems.of(exception.problemType(), exception.getMessage(), exception.properties()));
        if (exception instanceof RateLimitedException limited) {
            return ResponseEntity.status(answer.getStatusCode())
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()))
                    .body(answer.getBody());
        }
        if (exception.problemType() == ProblemType.INVALID_CREDENTIALS) {
            return ResponseEntity.status(answer.getStatusCode())
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"nexus\"")
                    .body(answer.getBody());
        }
        return answer;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException exception) {
        return respond(Problems.of(
                ProblemType.MALFORMED_REQUEST, "Parameter '" + exception.getName() + "' has an invalid value"));
    }

    // Tomcat parses the query string lazily, when a controller first reads a parameter
    @ExceptionHandler(InvalidParameterException.class)
    public ResponseEntity<ProblemDetail> handleInvalidParameter(InvalidParameterException exception) {
        return respond(Problems.of(
                ProblemType.MALFORMED_REQUEST,
                "The query string is not valid (percent-encoding or too many parameters)"));
    }

    /**
     * The metadata store cannot be reached (a connection refused, the pool's wait timed out): a 503 the client can
     * retry, as for Trino, not a 500. A transaction that failed this way committed nothing.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    public ResponseEntity<ProblemDetail> handleMetadataStoreDown(DataAccessException exception) {
        log.warn(
                "Metadata store unavailable: {}",
                exception.getMostSpecificCause().toString());
        return respond(Problems.of(ProblemType.METADATA_STORE_UNAVAILABLE, METADATA_STORE_DOWN));
    }

    /**
     * A body already under way broke: nothing can be written any more, so let the container abort the connection (no
     * final chunk) rather than end the response cleanly, which a client would take for a complete result.
     */
    @ExceptionHandler(ResponseAbortedException.class)
    public void handleAborted(ResponseAbortedException exception) {
        throw exception;
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> handleUnexpected(Exception exception) {
        log.error("Unexpected error", exception);
        return respond(Problems.of(
                ProblemType.INTERNAL_ERROR, "An unexpected error occurred; quote the correlationId when reporting it"));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException exception, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = exception.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof MismatchedInputException mismatched
                    && !mismatched.getPath().isEmpty()) {
                // valid JSON, wrong shape: name the member, never quote the value (it may be a megabyte)
                String field = jsonPath(mismatched.getPath());
                return respondObject(Problems.of(
                        ProblemType.MALFORMED_REQUEST,
                        "Field '" + field + "' must be " + expected(mismatched.getTargetType()),
                        Map.of("field", field)));
            }
        }
        return respondObject(
                Problems.of(ProblemType.MALFORMED_REQUEST, "The request body is not valid JSON for this endpoint"));
    }

    /** {@code config.port}, {@code parameters[2].value}: the member as the client wrote it. */
    static String jsonPath(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(Problems.truncate(reference.getPropertyName(), Problems.MAX_QUOTED));
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String expected(@Nullable Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class
                || type == int.class
                || type == Long.class
                || type == long.class
                || type == Short.class
                || type == short.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant such as 2026-01-31T00:00:00Z";
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException exception, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, Object>> errors = exception.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.<String, Object>of(
                        "field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        return respondObject(
                Problems.of(ProblemType.VALIDATION_FAILED, "The request has invalid fields", Map.of("errors", errors)));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException exception, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return respondObject(Problems.of(
                ProblemType.NOT_FOUND,
                "No endpoint " + exception.getHttpMethod() + " /" + exception.getResourcePath()));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpRequestMethodNotSupported(
            HttpRequestMethodNotSupportedException exception,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return respondObject(Problems.of(
                ProblemType.METHOD_NOT_ALLOWED, "Method " + exception.getMethod() + " is not supported here"));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException exception,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return respondObject(Problems.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send application/json"));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(
            HttpMediaTypeNotAcceptableException exception,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return respondObject(Problems.of(ProblemType.NOT_ACCEPTABLE, "This endpoint answers application/json"));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(
            Exception exception,
            @Nullable Object body,
            HttpHeaders headers,
            HttpStatusCode statusCode,
            WebRequest request) {
        // everything else Spring MVC maps by itself: keep its status, speak our problem format
        ProblemDetail problem = Problems.forStatus(
                statusCode.value(),
                statusCode.is4xxClientError() ? "The request could not be processed" : "An unexpected error occurred");
        return respondObject(problem);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static ResponseEntity<Object> respondObject(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}

package io.nexusgateway.controlplane.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.http.ProblemDetail;

/**
 * Builds RFC 9457 problems with the fields every Nexus error carries: code, correlationId, timestamp. A problem never
 * echoes a whole input: every quoted fragment of the detail ({@code '...'}) is cut to {@value #MAX_QUOTED} characters,
 * the detail and every string property to {@value #MAX_TEXT} characters (a 1 MB value would otherwise come back whole).
 */
public final class Problems {
    /** The most characters of one quoted user value a detail keeps. */
    public static final int MAX_QUOTED = 200;

    /** The most characters of a detail, or of a string property, a problem keeps. */
    public static final int MAX_TEXT = 1000;

    private static final String ELLIPSIS = "\u2026";
    // a quoted fragment longer than MAX_QUOTED: the user values our details and Trino's messages quote
    private static final Pattern LONG_QUOTED = Pattern.compile("'([^']{" + (MAX_QUOTED + 1) + ",})'");

    private Problems() {}

    public static ProblemDetail of(ProblemType type, String detail) {
        return of(type, detail, Map.of());
    }

    public static ProblemDetail of(ProblemType type, String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), capDetail(detail));
        problem.setType(type.type());
        problem.setTitle(type.title());
        problem.setProperty("success", false);
        problem.setProperty("code", type.code());
        String correlationId = MDC.get(CorrelationIdFilter.MDC_KEY);
        if (correlationId != null) {
            problem.setProperty("correlationId", correlationId);
        }
        problem.setProperty("timestamp", Instant.now().toString());
        properties.forEach((name, value) -> problem.setProperty(name, capped(value)));
        return problem;
    }

    /**
     * A problem for an HTTP status that no feature raised (the container's, Spring MVC's own): the catalogue's type for
     * that status, or {@code MALFORMED_REQUEST} / {@code INTERNAL_ERROR} carrying the status itself.
     */
    public static ProblemDetail forStatus(int status, String detail) {
        ProblemType type =
                switch (status) {
                    case 401 -> ProblemType.UNAUTHENTICATED;
                    case 403 -> ProblemType.FORBIDDEN;
                    case 404 -> ProblemType.NOT_FOUND;
                    case 405 -> ProblemType.METHOD_NOT_ALLOWED;
                    case 406 -> ProblemType.NOT_ACCEPTABLE;
                    case 408 -> ProblemType.REQUEST_TIMEOUT;
                    case 413 -> ProblemType.REQUEST_TOO_LARGE;
                    case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
                    case 429 -> ProblemType.RATE_LIMITED;
                    case 505 -> ProblemType.HTTP_VERSION_NOT_SUPPORTED;
                    default -> status < 500 ? ProblemType.MALFORMED_REQUEST : ProblemType.INTERNAL_ERROR;
                };
        ProblemDetail problem = of(type, detail);
        problem.setStatus(status);
        return problem;
    }

    /** {@code value} cut to {@code max} characters with an ellipsis, never splitting a surrogate pair. */
    public static String truncate(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end) + ELLIPSIS;
    }

    static String capDetail(String detail) {
        String quotedCut = detail;
        if (detail.length() > MAX_QUOTED) {
            Matcher matcher = LONG_QUOTED.matcher(detail);
            StringBuilder cut = new StringBuilder();
            while (matcher.find()) {
                matcher.appendReplacement(
                        cut, Matcher.quoteReplacement("'" + truncate(matcher.group(1), MAX_QUOTED) + "'"));
            }
            matcher.appendTail(cut);
            quotedCut = cut.toString();
        }
        return truncate(quotedCut, MAX_TEXT);
    }

    private static Object capped(Object value) {
        return switch (value) {
            case String text -> truncate(text, MAX_TEXT);
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((key, member) -> copy.put(
                        key instanceof String text ? truncate(text, MAX_TEXT) : key,
                        member == null ? null : capped(member)));
                yield copy;
            }
            case Collection<?> collection -> {
                List<Object> copy = new ArrayList<>(collection.size());
                collection.forEach(member -> copy.add(member == null ? null : capped(member)));
                yield copy;
            }
            default -> value;
        };
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

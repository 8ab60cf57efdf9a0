package io.nexusgateway.trino.plugin.audit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secret-looking literals from query text before it is spooled: the value of any string literal assigned to
 * a name that looks like a credential ({@code "connection-password" = '...'}, {@code password => '...'},
 * {@code 'secret': '...'}), {@code "password": "..."} members of JSON literals, {@code IDENTIFIED BY '...'}, and {@code password=...} parameters inside literals such as
 * JDBC URLs. Secret references ({@code ${nexus:...}}, {@code ${ENV:...}}) are not secrets and are kept, so the audit
 * shows which secret a catalog uses.
 */
public final class SecretRedactor {
    /** Longer query texts are cut (and marked) so one query cannot fill the spool. */
    public static final int MAX_QUERY_LENGTH = 16_384;

    static final String MASK = "***";
    private static final String SECRET_NAME =
            "[\\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)[\\w.-]*";
    private static final String LITERAL = "'(?:[^']|'')*'";
    // name (bare, "quoted" or 'quoted'), then =, => or :, then a string literal
    private static final Pattern ASSIGNED_LITERAL =
            Pattern.compile("(?i)([\"'`]?" + SECRET_NAME + "[\"'`]?\\s*(?:=>|=|:)\\s*)(" + LITERAL + ")");
    // "password": "..." inside a JSON literal
    private static final Pattern JSON_MEMBER =
            Pattern.compile("(?i)(\"" + SECRET_NAME + "\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern IDENTIFIED_BY = Pattern.compile("(?i)(\\bidentified\\s+by\\s+)(" + LITERAL + ")");
    // key=value inside a literal (JDBC URL, connection string): up to the next separator or quote
    private static final Pattern URL_PARAMETER =
            Pattern.compile("(?i)(\\b(?:password|passwd|pwd|secret|token|api[_-]?key)=)([^&;'\"\\s]+)");
    private static final Pattern REFERENCE = Pattern.compile("'\\$\\{[A-Za-z][A-Za-z0-9_-]*:[^{}$\\s']+}'");

    private SecretRedactor() {}

    public static String redact(String query) {
        String redacted = replaceLiterals(ASSIGNED_LITERAL, query);
        redacted = replaceLiterals(IDENTIFIED_BY, redacted);
        redacted = JSON_MEMBER
                .matcher(redacted)
                .replaceAll(match -> Matcher.quoteReplacement(match.group(1) + "\"" + MASK + "\""));
        redacted = URL_PARAMETER.matcher(redacted).replaceAll(match -> {
            String value = match.group(2);
            return Matcher.quoteReplacement(match.group(1) + (value.startsWith("${") ? value : MASK));
        });
        if (redacted.length() > MAX_QUERY_LENGTH) {
            redacted = redacted.substring(0, MAX_QUERY_LENGTH) + "...[truncated]";
        }
        return redacted;
    }

    private static String replaceLiterals(Pattern pattern, String text) {
        return pattern.matcher(text).replaceAll(match -> {
            String literal = match.group(2);
            String kept = REFERENCE.matcher(literal).matches() ? literal : "'" + MASK + "'";
            return Matcher.quoteReplacement(match.group(1) + kept);
        });
    }
}

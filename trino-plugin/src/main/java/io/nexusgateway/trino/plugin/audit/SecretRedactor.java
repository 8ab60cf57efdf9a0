package io.nexusgateway.trino.plugin.audit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secret-looking values from query text before it is spooled: the value assigned ({@code =}, {@code =>},
 * {@code :}) to a name that looks like a credential, as a string literal ({@code "connection-password" = '...'},
 * {@code password => '...'}, {@code 'secret': '...'}), a double-quoted string ({@code "password": "..."} in a JSON
 * literal) or a bare word ({@code password=...} in a JDBC URL), and {@code IDENTIFIED BY '...'}. Secret references
 * ({@code ${nexus:...}}, {@code ${ENV:...}}) are not secrets and are kept, so the audit shows which secret a catalog
 * uses.
 *
 * <p>The rules are {@code contracts/secret-redaction.json}, which the control plane's redactor of error messages
 * passes too: this plugin shares no code with the control plane, so the corpus is what keeps the two alike.
 */
public final class SecretRedactor {
    /** Longer query texts are cut (and marked) so one query cannot fill the spool. */
    public static final int MAX_QUERY_LENGTH = 16_384;

    static final String MASK = "***";
    // a whole word, tried from its start only: matched from anywhere, a long word costs its length squared
    private static final String SECRET_NAME = "(?<![\\w.-])[\\w.-]*"
            + "(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)[\\w.-]*+";
    // the name (bare, "quoted", 'quoted' or `quoted`), then =, => or :
    private static final String ASSIGNED = "([\"'`]?" + SECRET_NAME + "[\"'`]?\\s*(?:=>|=|:)\\s*)";
    private static final Pattern SINGLE_QUOTED = Pattern.compile("(?i)" + ASSIGNED + "('(?:[^']|'')*')");
    private static final Pattern DOUBLE_QUOTED = Pattern.compile("(?i)" + ASSIGNED + "(\"(?:[^\"\\\\]|\\\\.)*\")");
    private static final Pattern IDENTIFIED_BY = Pattern.compile("(?i)(\\bidentified\\s+by\\s+)('(?:[^']|'')*')");
    // up to the next separator or quote (a JDBC URL inside a literal); not the > of a => already seen as =
    private static final Pattern BARE = Pattern.compile("(?i)" + ASSIGNED + "(?![=>])([^\\s,;&)'\"]+)");
    private static final Pattern REFERENCE = Pattern.compile("(['\"]?)\\$\\{[A-Za-z][A-Za-z0-9_-]*:[^{}$\\s'\"]+}\\1");

    private SecretRedactor() {}

    public static String redact(String query) {
        String redacted = redactSecrets(query);
        if (redacted.length() > MAX_QUERY_LENGTH) {
            redacted = redacted.substring(0, MAX_QUERY_LENGTH) + "...[truncated]";
        }
        return redacted;
    }

    /** The text with every secret-looking value masked, as {@code contracts/secret-redaction.json} has it. */
    static String redactSecrets(String text) {
        String redacted = mask(SINGLE_QUOTED, "'", text);
        redacted = mask(IDENTIFIED_BY, "'", redacted);
        redacted = mask(DOUBLE_QUOTED, "\"", redacted);
        return mask(BARE, "", redacted);
    }

    private static String mask(Pattern pattern, String quote, String text) {
        return pattern.matcher(text).replaceAll(match -> {
            String value = match.group(2);
            String kept = REFERENCE.matcher(value).matches() ? value : quote + MASK + quote;
            return Matcher.quoteReplacement(match.group(1) + kept);
        });
    }
}

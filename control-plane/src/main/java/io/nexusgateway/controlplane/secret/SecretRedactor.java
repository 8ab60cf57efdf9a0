package io.nexusgateway.controlplane.secret;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secret-looking values in text the control plane passes on from elsewhere: Trino's and the sources' error
 * messages (which may quote a connection string), engines' failure messages and log lines. The value assigned
 * ({@code =}, {@code =>}, {@code :}) to a name that looks like a credential — a string literal, a double-quoted
 * string or a bare word up to the next separator — becomes {@value #MASK}, its quotes kept, and so does
 * {@code IDENTIFIED BY '...'}; secret references ({@code ${nexus:...}}) are not secrets and are kept.
 *
 * <p>The rules are {@code contracts/secret-redaction.json}, which the Trino plugin's redactor of query texts passes
 * too: the plugin shares no code with the control plane, so the corpus is what keeps the two alike.
 */
public final class SecretRedactor {
    static final String MASK = "***";

    // a whole word, tried from its start only: matched from anywhere, a long word costs its length squared
    private static final String SECRET_NAME = "(?<![\\w.-])[\\w.-]*"
            + "(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)[\\w.-]*+";
    // the name (bare, "quoted", 'quoted' or `quoted`), then =, => or :
    private static final String ASSIGNED = "([\"'`]?" + SECRET_NAME + "[\"'`]?\\s*(?:=>|=|:)\\s*)";
    private static final Pattern SINGLE_QUOTED = Pattern.compile("(?i)" + ASSIGNED + "('(?:[^']|'')*')");
    private static final Pattern DOUBLE_QUOTED = Pattern.compile("(?i)" + ASSIGNED + "(\"(?:[^\"\\\\]|\\\\.)*\")");
    private static final Pattern IDENTIFIED_BY = Pattern.compile("(?i)(\\bidentified\\s+by\\s+)('(?:[^']|'')*')");
    // up to the next separator or quote; not the > of a => already seen as =
    private static final Pattern BARE = Pattern.compile("(?i)" + ASSIGNED + "(?![=>])([^\\s,;&)'\"]+)");
    private static final Pattern REFERENCE = Pattern.compile("(['\"]?)\\$\\{[A-Za-z][A-Za-z0-9_-]*:[^{}$\\s'\"]+}\\1");

    private SecretRedactor() {}

    /** The text with every secret-looking value masked. */
    public static String redact(String text) {
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

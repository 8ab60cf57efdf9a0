package io.nexusgateway.controlplane.web;

import java.util.Locale;
import java.util.Optional;

/**
 * What a stored string may hold, so that everything stored can be read back by any JSON parser and written into
 * Trino's catalog files: valid UTF-16 (no lone surrogate, which no UTF-8 encoder can write) and no control character
 * (NUL, ESC, C1 ...); free text may hold tabs and line breaks, a single line (a name, a host, a database) may not.
 */
public final class StoredText {
    private StoredText() {}

    /** Why {@code value} is no single line of text (names, identifiers, config values), or empty when it is one. */
    public static Optional<String> lineProblem(String value) {
        return problem(value, false);
    }

    /** Why {@code value} is no text (descriptions: tabs and line breaks allowed), or empty when it is text. */
    public static Optional<String> textProblem(String value) {
        return problem(value, true);
    }

    private static Optional<String> problem(String value, boolean multiLine) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("must be valid Unicode text: a lone surrogate " + codePoint(c) + " at index " + i);
            } else if (Character.isISOControl(c) && !(multiLine && (c == '\t' || c == '\n' || c == '\r'))) {
                return Optional.of("must not contain control characters: " + codePoint(c) + " at index " + i
                        + (multiLine ? "" : " (a single line, no tab or line break)"));
            }
        }
        return Optional.empty();
    }

    private static String codePoint(char c) {
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }
}

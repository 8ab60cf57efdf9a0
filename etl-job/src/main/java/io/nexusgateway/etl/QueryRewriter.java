package io.nexusgateway.etl;

import java.util.List;
import java.util.Locale;

/**
 * Replaces the three-part names of a job's inputs ({@code "catalog"."schema"."table"}, Trino's spelling, or unquoted
 * {@code catalog.schema.table}) by the names of the temp views they are registered as. Only identifiers are
 * rewritten: string literals ({@code '...'}), quoted identifiers that are not one of the names, and comments are copied
 * as they are, so a literal that happens to spell a table name stays a literal.
 */
public final class QueryRewriter {
    private QueryRewriter() {}

    /** A three-part name and the view it becomes. */
    public record Name(String catalog, String schema, String table, String view) {}

    public static String rewrite(String query, List<Name> names) {
        return rewrite(query, names, false);
    }

    /**
     * {@link #rewrite(String, List)}, and with {@code backtickOtherNames} every other double-quoted identifier in
     * backticks too, for an engine that reads {@code "x"} as no identifier (Flink's parser quotes with backticks only).
     */
    public static String rewrite(String query, List<Name> names, boolean backtickOtherNames) {
        StringBuilder out = new StringBuilder(query.length());
        int i = 0;
        while (i < query.length()) {
            char c = query.charAt(i);
            if (c == '\'') {
                int end = endOfQuoted(query, i, '\'');
                out.append(query, i, end);
                i = end;
            } else if (c == '-' && query.startsWith("--", i)) {
                int end = query.indexOf('\n', i);
                end = end < 0 ? query.length() : end;
                out.append(query, i, end);
                i = end;
            } else if (c == '/' && query.startsWith("/*", i)) {
                int end = query.indexOf("*/", i + 2);
                end = end < 0 ? query.length() : end + 2;
                out.append(query, i, end);
                i = end;
            } else if (c == '"' || isIdentifierStart(c)) {
                int[] end = new int[1];
                List<String> parts = parseName(query, i, end);
                Name match = parts.size() == 3 ? find(names, parts) : null;
                if (match != null) {
                    out.append('`').append(match.view().replace("`", "``")).append('`');
                } else if (backtickOtherNames) {
                    out.append(backticked(query.substring(i, end[0])));
                } else {
                    out.append(query, i, end[0]);
                }
                i = end[0];
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    // a dotted name from start: quoted parts keep their case, unquoted ones are lower-cased as Trino does
    private static List<String> parseName(String query, int start, int[] end) {
        java.util.ArrayList<String> parts = new java.util.ArrayList<>();
        int i = start;
        while (true) {
            if (i < query.length() && query.charAt(i) == '"') {
                int close = endOfQuoted(query, i, '"');
                parts.add(query.substring(i + 1, close - 1).replace("\"\"", "\""));
                i = close;
            } else if (i < query.length() && isIdentifierStart(query.charAt(i))) {
                int j = i;
                while (j < query.length() && isIdentifierPart(query.charAt(j))) {
                    j++;
                }
                parts.add(query.substring(i, j).toLowerCase(Locale.ROOT));
                i = j;
            } else {
                break;
            }
            if (i < query.length() && query.charAt(i) == '.') {
                i++;
            } else {
                break;
            }
        }
        // a name ending in a dot (e.g. "t".*) gives the dot back
        end[0] = query.charAt(i - 1) == '.' ? i - 1 : i;
        return parts;
    }

    private static Name find(List<Name> names, List<String> parts) {
        for (Name name : names) {
            if (name.catalog().equals(parts.get(0))
                    && name.schema().equals(parts.get(1))
                    && name.table().equals(parts.get(2))) {
                return name;
            }
        }
        return null;
    }

    // a dotted name with its double-quoted parts in backticks
    private static String backticked(String name) {
        StringBuilder out = new StringBuilder(name.length());
        int i = 0;
        while (i < name.length()) {
            if (name.charAt(i) == '"') {
                int close = endOfQuoted(name, i, '"');
                String identifier = name.substring(i + 1, close - 1).replace("\"\"", "\"");
                out.append('`').append(identifier.replace("`", "``")).append('`');
                i = close;
            } else {
                out.append(name.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    // the index after the closing quote; a doubled quote is an escaped one
    private static int endOfQuoted(String query, int start, char quote) {
        int i = start + 1;
        while (i < query.length()) {
            if (query.charAt(i) == quote) {
                if (i + 1 < query.length() && query.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return query.length();
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}

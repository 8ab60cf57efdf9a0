package io.nexusgateway.controlplane.query;

import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.DefaultTraversalVisitor;
import io.trino.sql.tree.QualifiedName;
import io.trino.sql.tree.Statement;
import io.trino.sql.tree.Table;
import io.trino.sql.tree.TableFunctionInvocation;
import io.trino.sql.tree.WithQuery;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The catalogs a statement reads, from Trino's own parser: a three-part name's first part, otherwise the session
 * catalog. Reported in the response's metadata; authorization is Trino's business, not this class's.
 *
 * <p>Any user sends the statement, so the parse is bounded: ANTLR's adaptive prediction costs time and retained memory
 * (its DFA cache is static) that grow far faster than the input with nesting — 8,000 nested parentheses cost 8 s of CPU
 * and 750 MB, 200,000 ran the control plane out of heap. A statement longer than {@link #MAX_PARSED_LENGTH} or nested
 * deeper than {@link #MAX_PARSED_NESTING} is not parsed: it reports the session catalog only, and Trino, which parses
 * it anyway, answers for it. Inside the bounds a parse costs at most ~0.3 s and ~25 MB allocated.
 */
final class CatalogReferences {
    static final int MAX_PARSED_LENGTH = 32 * 1024;
    static final int MAX_PARSED_NESTING = 64;

    private static final SqlParser PARSER = new SqlParser();
    private static final int CACHE_SIZE = 1024;
    // dashboards and applications send the same statements again and again: parse each once
    private static final Map<String, List<String>> CACHE =
            Collections.synchronizedMap(new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<String>> eldest) {
                    return size() > CACHE_SIZE;
                }
            });

    private CatalogReferences() {}

    static List<String> of(String sql, @Nullable String sessionCatalog) {
        return of(sql, sessionCatalog, nesting(sql));
    }

    /** As {@link #of(String, String)}, for a caller that has measured the statement's {@link #nesting} already. */
    static List<String> of(String sql, @Nullable String sessionCatalog, int nesting) {
        if (sql.length() > MAX_PARSED_LENGTH || nesting > MAX_PARSED_NESTING) {
            return sessionCatalog == null ? List.of() : List.of(sessionCatalog);
        }
        if (sql.length() > 4096) {
            return parse(sql, sessionCatalog);
        }
        String key = (sessionCatalog == null ? "" : sessionCatalog) + '\u0000' + sql;
        List<String> cached = CACHE.get(key);
        if (cached == null) {
            cached = parse(sql, sessionCatalog);
            CACHE.put(key, cached);
        }
        return cached;
    }

    private static List<String> parse(String sql, @Nullable String sessionCatalog) {
        Set<String> catalogs = new TreeSet<>();
        try {
            Statement statement = PARSER.createStatement(sql);
            Set<String> withNames = new HashSet<>();
            new DefaultTraversalVisitor<Void>() {
                @Override
                protected Void visitWithQuery(WithQuery node, Void context) {
                    withNames.add(node.getName().getValue().toLowerCase(Locale.ROOT));
                    return super.visitWithQuery(node, context);
                }

                @Override
                protected Void visitTable(Table node, Void context) {
                    add(node.getName(), true);
                    return super.visitTable(node, context);
                }

                @Override
                protected Void visitTableFunctionInvocation(TableFunctionInvocation node, Void context) {
                    add(node.getName(), false);
                    return super.visitTableFunctionInvocation(node, context);
                }

                private void add(QualifiedName name, boolean table) {
                    List<String> parts = name.getParts();
                    if (parts.size() == 3) {
                        catalogs.add(parts.getFirst());
                    } else if (sessionCatalog != null
                            && !(table && parts.size() == 1 && withNames.contains(parts.getFirst()))) {
                        catalogs.add(sessionCatalog);
                    }
                }
            }.process(statement, null);
        } catch (ParsingException | UnsupportedOperationException e) {
            // Trino reports the syntax error itself, with the query id
        } catch (StackOverflowError e) {
            // a long left-deep expression (1+1+...+1) nests the tree without brackets: too deep to walk, not an error
            catalogs.clear();
        }
        if (catalogs.isEmpty() && sessionCatalog != null) {
            catalogs.add(sessionCatalog);
        }
        return List.copyOf(catalogs);
    }

    /**
     * The deepest nesting of brackets in {@code sql}, outside string literals, quoted identifiers and comments as
     * Trino's lexer reads them: one linear pass, so it can be afforded on any input.
     */
    static int nesting(String sql) {
        int depth = 0;
        int deepest = 0;
        int length = sql.length();
        for (int i = 0; i < length; i++) {
            char c = sql.charAt(i);
            switch (c) {
                case '(', '[' -> deepest = Math.max(deepest, ++depth);
                case ')', ']' -> depth = Math.max(0, depth - 1);
                case '\'', '"', '`' -> i = closing(sql, i, c);
                case '-' -> {
                    if (i + 1 < length && sql.charAt(i + 1) == '-') {
                        // Trino's comment ends at either line break: ending it later would hide brackets it parses
                        while (i < length && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
                            i++;
                        }
                    }
                }
                case '/' -> {
                    if (i + 1 < length && sql.charAt(i + 1) == '*') {
                        int end = sql.indexOf("*/", i + 2);
                        i = end < 0 ? length : end + 1;
                    }
                }
                default -> {}
            }
        }
        return deepest;
    }

    // a doubled quote inside a literal or identifier is the quote itself, so scanning to the next one is enough
    private static int closing(String sql, int open, char quote) {
        int end = sql.indexOf(quote, open + 1);
        return end < 0 ? sql.length() : end;
    }
}

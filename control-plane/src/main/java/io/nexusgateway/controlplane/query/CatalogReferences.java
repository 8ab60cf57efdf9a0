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
 */
final class CatalogReferences {
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
        }
        if (catalogs.isEmpty() && sessionCatalog != null) {
            catalogs.add(sessionCatalog);
        }
        return List.copyOf(catalogs);
    }
}

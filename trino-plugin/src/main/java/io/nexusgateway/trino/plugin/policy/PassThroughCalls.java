package io.nexusgateway.trino.plugin.policy;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.trino.plugin.QueryTexts.QueryText;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.ExecuteImmediate;
import io.trino.sql.tree.Node;
import io.trino.sql.tree.StringLiteral;
import io.trino.sql.tree.TableFunctionArgument;
import io.trino.sql.tree.TableFunctionInvocation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the {@code system.query} table-function calls of a Trino statement with Trino's own parser (the server's
 * grammar, same version), so the native SQL checked is exactly the argument Trino will send: quoting, comments,
 * Unicode literals and {@code EXECUTE IMMEDIATE} are read as Trino reads them, which no text search can promise.
 */
final class PassThroughCalls {
    private static final SqlParser PARSER = new SqlParser();
    static final String QUERY_ARGUMENT = "query";

    /**
     * One call as written.
     *
     * @param name the name's parts, lower-cased as Trino resolves them
     * @param nativeSql the {@code query} argument when it is a plain string literal; empty for anything else
     *     (a parameter, an expression), which is refused: its value is not known before execution
     */
    record Call(List<String> name, Optional<String> nativeSql) {
        Call {
            name = List.copyOf(name);
            requireNonNull(nativeSql, "nativeSql is null");
        }

        /**
         * Whether this call may resolve to {@code <catalog>.system.query}: a one- or two-part name resolves through
         * the session's catalog and path, so it might be any catalog's.
         */
        boolean mayBe(String catalog, String schema, String function) {
            int size = name.size();
            return name.get(size - 1).equals(function)
                    && (size < 2 || name.get(size - 2).equals(schema))
                    && (size < 3 || name.get(size - 3).equals(catalog));
        }
    }

    private PassThroughCalls() {}

    /** Every table-function call in the statement, its prepared statement and any {@code EXECUTE IMMEDIATE} text. */
    static List<Call> of(QueryText query) {
        List<Call> calls = new ArrayList<>();
        collect(query.text(), calls);
        query.preparedText().ifPresent(prepared -> collect(prepared, calls));
        return List.copyOf(calls);
    }

    private static void collect(String sql, List<Call> calls) {
        Node statement;
        try {
            statement = PARSER.createStatement(sql);
        } catch (ParsingException e) {
            // Trino parsed it (the query is being analyzed), so this does not happen; nothing found is refused
            return;
        }
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(statement);
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            if (node instanceof TableFunctionInvocation invocation) {
                calls.add(new Call(invocation.getName().getParts(), queryArgument(invocation.getArguments())));
            }
            if (node instanceof ExecuteImmediate execute) {
                collect(execute.getStatement().getValue(), calls);
            }
            node.getChildren().forEach(pending::push);
        }
    }

    // query => '...', or the first argument when passed by position
    private static Optional<String> queryArgument(List<TableFunctionArgument> arguments) {
        for (int i = 0; i < arguments.size(); i++) {
            TableFunctionArgument argument = arguments.get(i);
            boolean isQuery = argument.getName()
                    .map(name -> name.getValue().toLowerCase(Locale.ROOT).equals(QUERY_ARGUMENT))
                    .orElse(i == 0);
            if (isQuery) {
                return argument.getValue() instanceof StringLiteral literal
                        ? Optional.of(literal.getValue())
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }
}

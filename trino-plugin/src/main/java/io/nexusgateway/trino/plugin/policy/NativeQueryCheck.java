package io.nexusgateway.trino.plugin.policy;

import static net.sf.jsqlparser.parser.CCJSqlParserConstants.EOF;
import static net.sf.jsqlparser.parser.CCJSqlParserConstants.K_DELETE;
import static net.sf.jsqlparser.parser.CCJSqlParserConstants.K_FOR;
import static net.sf.jsqlparser.parser.CCJSqlParserConstants.K_INSERT;
import static net.sf.jsqlparser.parser.CCJSqlParserConstants.K_INTO;
import static net.sf.jsqlparser.parser.CCJSqlParserConstants.K_KEY;
import static net.sf.jsqlparser.parser.CCJSqlParserConstants.K_LOCK;
import static net.sf.jsqlparser.parser.CCJSqlParserConstants.K_MERGE;
import static net.sf.jsqlparser.parser.CCJSqlParserConstants.K_NEXTVAL;
import static net.sf.jsqlparser.parser.CCJSqlParserConstants.K_NO;
import static net.sf.jsqlparser.parser.CCJSqlParserConstants.K_SHARE;
import static net.sf.jsqlparser.parser.CCJSqlParserConstants.K_UPDATE;
import static net.sf.jsqlparser.parser.CCJSqlParserConstants.S_CHAR_LITERAL;
import static net.sf.jsqlparser.parser.CCJSqlParserConstants.S_QUOTED_IDENTIFIER;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Whether native SQL sent through a read-only datasource's {@code system.query} is one plain read: parsed with
 * JSqlParser, it must be exactly one {@code SELECT} (or {@code VALUES}/{@code TABLE}) that locks nothing, writes
 * nothing ({@code INTO}, data-modifying CTEs) and calls no function of {@link #DENIED_FUNCTIONS}.
 *
 * <p>The check is only as good as the agreement between JSqlParser's reading of the text and the source's. Where the
 * two can differ (a MySQL executable comment {@code /*! ... *}{@code /}, {@code #} comments, {@code --x}, a backslash
 * before a quote, PostgreSQL dollar quoting, nested comments or {@code U&} escapes), the text is refused rather than
 * guessed at. Functions are found in JSqlParser's token stream (a name followed by {@code (}), the same tokens its
 * parser read, so no nesting (subqueries, CTEs, {@code FROM f()}, window clauses) can hide a call.
 */
final class NativeQueryCheck {
    /**
     * Longer native SQL is refused unread: the check runs on Trino's coordinator while the query is analyzed, and
     * JSqlParser reads ~5 KB a second at worst (a long IN list), so this bounds one check to about 2 s of CPU.
     */
    static final int MAX_LENGTH = 8_192;

    static final int MAX_NESTING = 32;

    /**
     * Functions with an effect beyond reading: they act on other sessions, the server, files, locks, sequences,
     * session settings, or run SQL given as a string (which this check cannot see into), or only wait. One list for
     * every dialect (a name that is harmless elsewhere is rarely a column-less read one needs). Names ending in
     * {@code *} match anything there. Keep it sorted by source and say why when adding.
     */
    static final List<String> DENIED_FUNCTIONS = List.of(
            // PostgreSQL: other sessions and the server
            "pg_terminate_backend",
            "pg_cancel_backend",
            "pg_reload_conf",
            "pg_rotate_logfile",
            "pg_log_backend_memory_contexts",
            "pg_promote",
            "pg_switch_wal",
            "pg_wal_replay_*",
            "pg_backup_*",
            "pg_start_backup",
            "pg_stop_backup",
            "pg_create_*", // restore points, replication slots
            "pg_drop_replication_slot",
            "pg_copy_*_replication_slot",
            "pg_replication_*",
            "pg_logical_*", // emit messages, consume slots
            "pg_stat_reset*",
            "pg_stat_statements_reset",
            "pg_import_system_collations",
            "pg_prewarm",
            "pg_notify",
            // PostgreSQL: session state, sequences, transaction ids
            "set_config",
            "nextval",
            "setval",
            "txid_current",
            "pg_current_xact_id",
            // PostgreSQL: locks and waits
            "pg_advisory_*",
            "pg_try_advisory_*",
            "pg_sleep*",
            // PostgreSQL: server files and large objects
            "pg_read_*",
            "pg_ls_*",
            "pg_stat_file",
            "pg_file_*",
            "lo_*",
            "loread",
            "lowrite",
            // PostgreSQL: run SQL given as text, or reach other servers
            "query_to_xml*",
            "cursor_to_xml*",
            "ts_stat",
            "ts_rewrite",
            "dblink*",
            // MySQL/MariaDB: locks, waits, files, sequences, UDFs that run commands
            "get_lock",
            "release_lock",
            "release_all_locks",
            "sleep",
            "benchmark",
            "load_file",
            "master_pos_wait",
            "source_pos_wait",
            "master_gtid_wait",
            "wait_for_executed_gtid_set",
            "wait_until_sql_thread_after_gtids",
            "lastval",
            "sys_exec",
            "sys_eval",
            "sys_set");

    /** Oracle packages with effects (locks, sleeps, pipes, jobs, network, files, dynamic SQL): any member is denied. */
    static final Set<String> DENIED_PACKAGES = Set.of(
            "dbms_lock",
            "dbms_session",
            "dbms_pipe",
            "dbms_alert",
            "dbms_scheduler",
            "dbms_job",
            "dbms_sql",
            "dbms_xmlgen",
            "dbms_xmlquery",
            "dbms_aq",
            "dbms_aqadm",
            "dbms_ldap",
            "dbms_java",
            "utl_http",
            "utl_file",
            "utl_tcp",
            "utl_smtp",
            "utl_inaddr",
            "utl_mail",
            "httpuritype");

    // a backslash before a quote ends a string in standard SQL and escapes the quote in MySQL and E'' strings
    private static final Pattern BACKSLASH_QUOTE = Pattern.compile("\\\\['\"`]");
    private static final Pattern UNICODE_ESCAPE = Pattern.compile("(?i)u&['\"]");
    private static final Set<Integer> WRITE_KEYWORDS = Set.of(K_INSERT, K_UPDATE, K_DELETE, K_MERGE, K_INTO, K_LOCK);

    private NativeQueryCheck() {}

    /** Why {@code sql} may not pass through to a read-only source of {@code dialect}, or empty if it may. */
    static Optional<String> refusal(String sql, SourceDialect dialect) {
        if (sql.length() > MAX_LENGTH) {
            return Optional.of("the native query is longer than " + MAX_LENGTH + " characters");
        }
        Optional<String> lexical = lexicalRefusal(sql, dialect);
        if (lexical.isPresent()) {
            return lexical;
        }
        List<Token> tokens;
        try {
            tokens = tokens(sql);
        } catch (TokenMgrException e) {
            return Optional.of(
                    "the native query cannot be read as " + dialect.name().toLowerCase(Locale.ROOT) + " SQL");
        }
        Optional<String> tokenRefusal = tokenRefusal(tokens, dialect);
        if (tokenRefusal.isPresent()) {
            return tokenRefusal;
        }
        if (CCJSqlParserUtil.getNestingDepth(sql) > MAX_NESTING) {
            return Optional.of("the native query nests more than " + MAX_NESTING + " levels of parentheses");
        }
        Statements statements;
        try {
            // JSqlParser's "complex parsing" retries with deep lookahead and can take exponential time (nested CASE);
            // without it the parse is linear in the (bounded) text, and what it cannot read is refused
            statements = CCJSqlParserUtil.newParser(sql)
                    .withAllowComplexParsing(false)
                    .Statements();
        } catch (ParseException | RuntimeException | StackOverflowError e) {
            return Optional.of("the native query cannot be parsed as one plain SELECT");
        }
        if (statements.size() != 1) {
            return Optional.of("the native query must be exactly one statement, not " + statements.size());
        }
        if (!(statements.getFirst() instanceof Select)) {
            return Optional.of("the native query must be a SELECT, not "
                    + statements.getFirst().getClass().getSimpleName());
        }
        return Optional.empty();
    }

    // what the source would read differently from JSqlParser
    private static Optional<String> lexicalRefusal(String sql, SourceDialect dialect) {
        if (BACKSLASH_QUOTE.matcher(sql).find()) {
            return Optional.of("a backslash before a quote reads differently on the source: not accepted");
        }
        if (dialect == SourceDialect.POSTGRESQL && UNICODE_ESCAPE.matcher(sql).find()) {
            return Optional.of("U& escapes are not accepted in a native query");
        }
        return Optional.empty();
    }

    private static List<Token> tokens(String sql) {
        CCJSqlParser lexer = CCJSqlParserUtil.newParser(sql);
        List<Token> tokens = new ArrayList<>();
        for (Token token = lexer.getNextToken(); ; token = lexer.getNextToken()) {
            tokens.add(token);
            if (token.kind == EOF) {
                return tokens;
            }
        }
    }

    private static Optional<String> tokenRefusal(List<Token> tokens, SourceDialect dialect) {
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            for (Token comment = token.specialToken; comment != null; comment = comment.specialToken) {
                Optional<String> refusal = commentRefusal(comment.image, dialect);
                if (refusal.isPresent()) {
                    return refusal;
                }
            }
            if (token.kind == EOF) {
                break;
            }
            boolean literal = token.kind == S_CHAR_LITERAL || token.kind == S_QUOTED_IDENTIFIER;
            // JSqlParser reads $$...$$ as one quoted name; MySQL reads names and code there, PostgreSQL a string,
            // and $tag$ strings not at all
            if (literal && token.image.startsWith("$")
                    || !literal && token.image.contains("$") && dialect == SourceDialect.POSTGRESQL) {
                return Optional.of("dollar quoting is not accepted in a native query");
            }
            if (!literal && token.image.contains("#")) {
                return Optional.of("'#' is not accepted outside strings in a native query (a MySQL comment)");
            }
            if (WRITE_KEYWORDS.contains(token.kind)) {
                return Optional.of("the native query must only read: " + token.image.toUpperCase(Locale.ROOT)
                        + " is not accepted");
            }
            if (token.kind == K_NEXTVAL) {
                return Optional.of("the native query must only read: sequences may not be advanced");
            }
            Token next = tokens.get(i + 1);
            if (token.kind == K_FOR && (next.kind == K_SHARE || next.kind == K_KEY || next.kind == K_NO)) {
                return Optional.of(
                        "the native query must only read: FOR " + next.image.toUpperCase(Locale.ROOT) + " locks rows");
            }
            String name = name(token);
            if (next.image.equals(".") && DENIED_PACKAGES.contains(name)) {
                return Optional.of("the native query calls " + name + ", which is not allowed through a read-only"
                        + " datasource");
            }
            if (next.image.equals("(") && isDenied(name)) {
                return Optional.of("the native query calls " + name + "(), which is not allowed through a read-only"
                        + " datasource");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> commentRefusal(String comment, SourceDialect dialect) {
        if (comment.startsWith("//")) {
            return Optional.of("'//' comments are not accepted in a native query");
        }
        if (comment.startsWith("/*") && comment.indexOf("/*", 2) >= 0) {
            return Optional.of("nested comments are not accepted in a native query");
        }
        if (dialect == SourceDialect.MYSQL) {
            if (comment.startsWith("/*!") || comment.startsWith("/*M!")) {
                return Optional.of("MySQL executable comments are not accepted in a native query");
            }
            // MySQL reads "--x" as minus minus x: only "-- " starts a comment there
            if (comment.startsWith("--") && comment.length() > 2 && !Character.isWhitespace(comment.charAt(2))) {
                return Optional.of("'--' must be followed by a space in a native MySQL query");
            }
        }
        return Optional.empty();
    }

    /** A token as a name: unquoted, lower-cased (sources match function names without regard to case). */
    private static String name(Token token) {
        String image = token.image;
        if (token.kind == S_QUOTED_IDENTIFIER && image.length() >= 2) {
            image = image.substring(1, image.length() - 1);
        }
        return image.toLowerCase(Locale.ROOT);
    }

    static boolean isDenied(String functionName) {
        for (String denied : DENIED_FUNCTIONS) {
            if (denied.contains("*")) {
                if (matchesPattern(functionName, denied)) {
                    return true;
                }
            } else if (functionName.equals(denied)) {
                return true;
            }
        }
        return false;
    }

    // "pg_copy_*_replication_slot": a prefix, then anything, then the rest
    private static boolean matchesPattern(String name, String pattern) {
        String[] parts = pattern.split("\\*", -1);
        int position = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            int found = i == 0 ? (name.startsWith(part) ? 0 : -1) : name.indexOf(part, position);
            if (found < 0) {
                return false;
            }
            position = found + part.length();
        }
        return parts[parts.length - 1].isEmpty() || name.endsWith(parts[parts.length - 1]);
    }
}

package io.nexusgateway.trino.plugin.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a read-only datasource's pass-through accepts: plain reads only, in the source's own dialect. */
final class TestNativeQueryCheck {
    private static final List<String> READS = List.of(
            "SELECT 1",
            "select id, name from shop.users where status = 'active' order by id limit 10",
            "SELECT u.id, count(*) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id HAVING count(*) > 1",
            "WITH recent AS (SELECT * FROM orders WHERE created_at > '2023-01-01') SELECT * FROM recent",
            "SELECT * FROM (SELECT id FROM t) x WHERE id IN (SELECT id FROM u)",
            "SELECT id FROM a UNION ALL SELECT id FROM b",
            "SELECT lower(name), coalesce(note, '-'), 'a--b', 'it''s', 'http://x/y' FROM t",
            "SELECT id -- the key\nFROM t",
            "SELECT /*+ index(t ix) */ id FROM t",
            "SELECT substring(name, 1, 3) FROM t",
            "SELECT CASE WHEN a = 1 THEN CASE WHEN b = 2 THEN 'x' ELSE 'y' END ELSE 'z' END FROM t",
            "SELECT row_number() OVER (PARTITION BY a ORDER BY b) FROM t");

    private static final List<String> POSTGRESQL_REFUSED = List.of(
            "SELECT pg_terminate_backend(4242)",
            "SELECT pg_cancel_backend(pid) FROM pg_stat_activity",
            "SELECT pg_catalog.pg_terminate_backend(4242)",
            "SELECT \"pg_terminate_backend\"(4242)",
            "SELECT PG_TERMINATE_BACKEND (4242)",
            "SELECT pg_terminate_backend/**/(4242)",
            "SELECT 1 FROM t WHERE EXISTS (SELECT pg_sleep(5))",
            "SELECT * FROM pg_sleep(1)",
            "SELECT set_config('statement_timeout', '0', false)",
            "SELECT nextval('orders_id_seq')",
            "SELECT setval('orders_id_seq', 1)",
            "SELECT pg_advisory_lock(1)",
            "SELECT pg_advisory_xact_lock_shared(1)",
            "SELECT pg_try_advisory_lock(1)",
            "SELECT pg_sleep_for('1 minute')",
            "SELECT pg_reload_conf()",
            "SELECT pg_rotate_logfile()",
            "SELECT pg_read_file('/etc/passwd')",
            "SELECT lo_import('/etc/passwd')",
            "SELECT dblink_exec('dbname=x', 'DELETE FROM t')",
            "SELECT query_to_xml('SELECT pg_sleep(1)', true, false, '')",
            "SELECT pg_notify('c', 'x')",
            "WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d",
            "WITH i AS (INSERT INTO t VALUES (1) RETURNING *) SELECT * FROM i",
            "SELECT * FROM t FOR UPDATE",
            "SELECT * FROM t FOR SHARE",
            "SELECT * FROM t FOR NO KEY UPDATE",
            "SELECT * FROM (SELECT * FROM t FOR KEY SHARE) x",
            "SELECT * INTO copy FROM t",
            "SELECT 1; SELECT 2",
            "SELECT 1; DELETE FROM t",
            "DELETE FROM t",
            "UPDATE t SET a = 1",
            "SET statement_timeout = 0",
            "CALL p()",
            "DO $$ BEGIN PERFORM pg_sleep(1); END $$",
            "COPY t TO PROGRAM 'id'",
            // the source would read these differently from the check
            "SELECT $$ ' $$, pg_sleep(1)",
            "SELECT $q$ x $q$",
            "SELECT U&\"pg\\005fsleep\"(1)",
            "SELECT E'\\'' , pg_sleep(1)",
            "SELECT /* /* */ pg_sleep(1) */ 1",
            "SELECT 1 // x",
            "SELECT 1 #- '{a}'");

    private static final List<String> MYSQL_REFUSED = List.of(
            "SELECT GET_LOCK('x', 1)",
            "SELECT get_lock('x', 1), release_lock('x')",
            "SELECT SLEEP(5)",
            "SELECT `sleep`(5)",
            "SELECT BENCHMARK(100000000, md5('x'))",
            "SELECT LOAD_FILE('/etc/passwd')",
            "SELECT RELEASE_ALL_LOCKS()",
            "SELECT MASTER_POS_WAIT('log', 4)",
            "SELECT NEXTVAL(s)",
            "SELECT NEXT VALUE FOR s",
            "SELECT * FROM t INTO OUTFILE '/tmp/x'",
            "SELECT 1 INTO @x",
            "SELECT * FROM t LOCK IN SHARE MODE",
            "SELECT * FROM t FOR UPDATE",
            "SELECT 1 /*! , SLEEP(5) */",
            "SELECT 1 /*M! , SLEEP(5) */",
            "SELECT 1 --SLEEP(5)\n",
            "SELECT 1 # '\n, SLEEP(5) -- '",
            "SELECT 'a\\' , ' , SLEEP(5) -- '",
            "SELECT $$ , SLEEP(5), $$",
            "DO SLEEP(5)",
            "KILL 42",
            "SET @@session.max_execution_time = 0",
            "HANDLER t OPEN");

    private static final List<String> ORACLE_REFUSED = List.of(
            "SELECT dbms_lock.sleep(5) FROM dual",
            "SELECT sys.dbms_pipe.send_message('p') FROM dual",
            "SELECT utl_http.request('http://x') FROM dual",
            "SELECT orders_seq.NEXTVAL FROM dual");

    @Test
    void testPlainReadsPass() {
        for (SourceDialect dialect : SourceDialect.values()) {
            for (String sql : READS) {
                assertThat(NativeQueryCheck.refusal(sql, dialect))
                        .as(dialect + ": " + sql)
                        .isEmpty();
            }
        }
    }

    @Test
    void testSideEffectsAndWritesAreRefused() {
        List<String> passed = new ArrayList<>();
        Map<SourceDialect, List<String>> corpus = Map.of(
                SourceDialect.POSTGRESQL, POSTGRESQL_REFUSED,
                SourceDialect.MYSQL, MYSQL_REFUSED,
                SourceDialect.ORACLE, ORACLE_REFUSED);
        corpus.forEach((dialect, statements) -> {
            for (String sql : statements) {
                if (NativeQueryCheck.refusal(sql, dialect).isEmpty()) {
                    passed.add(dialect + ": " + sql);
                }
            }
        });
        assertThat(passed).as("refused statements that passed").isEmpty();
    }

    @Test
    void testRefusalsSayWhy() {
        assertThat(NativeQueryCheck.refusal("SELECT pg_terminate_backend(1)", SourceDialect.POSTGRESQL))
                .contains("the native query calls pg_terminate_backend(), which is not allowed through a read-only"
                        + " datasource");
        assertThat(NativeQueryCheck.refusal("SELECT * FROM t FOR UPDATE", SourceDialect.POSTGRESQL))
                .contains("the native query must only read: UPDATE is not accepted");
        assertThat(NativeQueryCheck.refusal("SET a = 1", SourceDialect.POSTGRESQL))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("the native query must be a SELECT"));
        assertThat(NativeQueryCheck.refusal("SELECT 1; SELECT 2", SourceDialect.MYSQL))
                .contains("the native query must be exactly one statement, not 2");
    }

    @Test
    void testHostileShapesAreBounded() {
        assertThat(NativeQueryCheck.refusal("SELECT " + "1+".repeat(5_000) + "1", SourceDialect.POSTGRESQL))
                .hasValueSatisfying(reason -> assertThat(reason).contains("longer than 8192 characters"));
        // nested CASE is where JSqlParser's complex parsing goes exponential: read linearly here
        assertThat(NativeQueryCheck.refusal(
                        "SELECT " + "CASE WHEN a = 1 THEN ".repeat(60) + "pg_sleep(1)" + " END".repeat(60),
                        SourceDialect.POSTGRESQL))
                .hasValueSatisfying(reason -> assertThat(reason).contains("pg_sleep"));
        // deep nesting is refused unread, not a crash or a long parse on Trino's coordinator
        assertThat(NativeQueryCheck.refusal(
                        "SELECT " + "(".repeat(1_000) + "1" + ")".repeat(1_000), SourceDialect.POSTGRESQL))
                .contains("the native query nests more than 32 levels of parentheses");
        // the deepest accepted nesting and the longest accepted text are still read in full
        String nested = "SELECT " + "(".repeat(NativeQueryCheck.MAX_NESTING - 1) + "pg_sleep(1)"
                + ")".repeat(NativeQueryCheck.MAX_NESTING - 1);
        assertThat(NativeQueryCheck.refusal(nested, SourceDialect.POSTGRESQL))
                .hasValueSatisfying(reason -> assertThat(reason).contains("pg_sleep"));
        String wide = "SELECT id FROM t WHERE id IN (" + "1, ".repeat(2_500) + "1)";
        assertThat(wide.length()).isLessThan(NativeQueryCheck.MAX_LENGTH);
        assertThat(NativeQueryCheck.refusal(wide, SourceDialect.MYSQL)).isEmpty();
    }

    @Test
    void testDenyListPatterns() {
        assertThat(NativeQueryCheck.isDenied("pg_advisory_unlock_all")).isTrue();
        assertThat(NativeQueryCheck.isDenied("pg_copy_logical_replication_slot"))
                .isTrue();
        assertThat(NativeQueryCheck.isDenied("lo_unlink")).isTrue();
        assertThat(NativeQueryCheck.isDenied("pg_sleep_until")).isTrue();
        assertThat(NativeQueryCheck.isDenied("pg_stat_reset_shared")).isTrue();
        assertThat(NativeQueryCheck.isDenied("pg_backend_pid")).isFalse();
        assertThat(NativeQueryCheck.isDenied("lower")).isFalse();
        assertThat(NativeQueryCheck.isDenied("pg_copy_replication")).isFalse();
    }
}

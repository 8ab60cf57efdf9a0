package io.nexusgateway.controlplane.policy;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.Identities;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.controlplane.support.SourceConfigs;
import io.nexusgateway.controlplane.support.TrinoOutcome;
import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an ordinary user granted read-only datasources can no longer do, through the REST API and straight through
 * Trino's JDBC: act on the source through the {@code system.query} pass-through, lift their own limits with session
 * properties, or read the cluster's internals. Real PostgreSQL and MariaDB behind a real Trino.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TestUserHardening extends NexusIntegrationTest {
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final String user = "it-h1-" + run;
    private final List<String> datasourceIds = new ArrayList<>();
    private TestDatabase postgres;
    private TestDatabase maria;
    private Datasource postgresPassThrough;
    private Datasource postgresDefault;
    private Datasource mariaPassThrough;
    private String token;
    private ApiClient asUser;

    record Datasource(String id, String catalog) {}

    @BeforeAll
    void setUp() throws SQLException {
        postgres = TestDatabases.postgresql().createDatabase("nexus_h1");
        maria = TestDatabases.mariadb().createDatabase("nexus_h1");
        for (TestDatabase database : List.of(postgres, maria)) {
            try (Connection connection = database.openConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, amount DECIMAL(10,2))");
                statement.execute("INSERT INTO orders VALUES (1, 10.50), (2, 20.25)");
            }
        }
        Identities.createUser(api(), user, List.of("user"), List.of());
        postgresPassThrough = register("postgresql", postgres, true);
        postgresDefault = register("postgresql", postgres, null);
        mariaPassThrough = register("mariadb", maria, true);
        for (Datasource datasource : List.of(postgresPassThrough, postgresDefault, mariaPassThrough)) {
            Identities.grantUser(api(), datasource.id(), user);
        }
        String key = Identities.apiKey(api(), user);
        token = Identities.token(api(), key);
        asUser = api().withKey(key);
        for (Datasource datasource : List.of(postgresPassThrough, postgresDefault, mariaPassThrough)) {
            Identities.awaitCatalogVisible(user, datasource.catalog());
        }
    }

    @AfterAll
    void tearDown() {
        datasourceIds.forEach(id -> api().delete("/api/v1/datasources/" + id));
        postgres.close();
        maria.close();
    }

    @Test
    void testPassThroughIsOffByDefaultOnReadOnlyDatasources() throws Exception {
        Response rest = nativeQuery(postgresDefault, "SELECT id FROM orders");
        assertPermissionDenied(rest, "does not allow pass-through queries");
        try (Connection trino = Identities.trinoAs(user, token)) {
            TrinoOutcome jdbc = TrinoOutcome.run(trino, passThrough(postgresDefault, "SELECT id FROM orders"));
            assertThat(jdbc.denied()).as(jdbc.toString()).isTrue();
            assertThat(jdbc.trinoMessage()).contains("does not allow pass-through queries");
        }
        // the datasource view says so, and an admin can change it
        assertThat(api().get("/api/v1/datasources/" + postgresDefault.id())
                        .json()
                        .get("passThrough")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void testPgTerminateBackendIsRefusedAndTheOtherSessionSurvives() throws Exception {
        // another session of the same database account the catalog uses, as another application would hold
        try (Connection other = postgres.openConnection();
                Statement otherStatement = other.createStatement()) {
            long pid = single(otherStatement, "SELECT pg_backend_pid()");
            for (String sql : List.of(
                    "SELECT pg_terminate_backend(" + pid + ")",
                    "SELECT pg_cancel_backend(" + pid + ")",
                    "SELECT set_config('statement_timeout', '1', false)",
                    "SELECT pg_advisory_lock(42)",
                    "SELECT pg_sleep(30)")) {
                assertPermissionDenied(
                        nativeQuery(postgresPassThrough, sql), "which is not allowed through a read-only");
                try (Connection trino = Identities.trinoAs(user, token)) {
                    TrinoOutcome jdbc = TrinoOutcome.run(trino, passThrough(postgresPassThrough, sql));
                    assertThat(jdbc.denied()).as(jdbc.toString()).isTrue();
                }
            }
            // the other session was neither terminated nor canceled
            assertThat(single(otherStatement, "SELECT 1")).isEqualTo(1);
        }
        // a plain SELECT still passes through: REST, JDBC, and JDBC prepared statements (what BI tools send: Trino
        // runs them as EXECUTE of the prepared text, which the check reads too)
        Response read = nativeQuery(postgresPassThrough, "SELECT id, amount::text AS amount FROM orders ORDER BY id");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("data").get("rows").toString()).isEqualTo("[[1,\"10.50\"],[2,\"20.25\"]]");
        String countOrders =
                "SELECT count(*) FROM " + passThroughRelation(postgresPassThrough, "SELECT id FROM orders");
        try (Connection trino = Identities.trinoAs(user, token);
                Statement statement = trino.createStatement()) {
            assertThat(single(statement, countOrders)).isEqualTo(2);
            try (PreparedStatement prepared = trino.prepareStatement(countOrders + " WHERE ? = 1")) {
                prepared.setInt(1, 1);
                try (ResultSet rows = prepared.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong(1)).isEqualTo(2);
                }
            }
            try (PreparedStatement prepared = trino.prepareStatement(
                    passThrough(postgresPassThrough, "SELECT pg_terminate_backend(1)") + " WHERE ? = 1")) {
                prepared.setInt(1, 1);
                assertThatThrownBy(prepared::executeQuery).hasMessageContaining("pg_terminate_backend");
            }
        }
    }

    @Test
    void testMariaDbLocksAndSleepsAreRefused() throws Exception {
        for (String sql :
                List.of("SELECT GET_LOCK('x', 1)", "SELECT SLEEP(5)", "SELECT BENCHMARK(1000000000, MD5('x'))")) {
            assertPermissionDenied(nativeQuery(mariaPassThrough, sql), "which is not allowed through a read-only");
            try (Connection trino = Identities.trinoAs(user, token)) {
                TrinoOutcome jdbc = TrinoOutcome.run(trino, passThrough(mariaPassThrough, sql));
                assertThat(jdbc.denied()).as(jdbc.toString()).isTrue();
            }
        }
        // the lock was never taken: another session gets it at once
        try (Connection other = maria.openConnection();
                Statement statement = other.createStatement()) {
            assertThat(single(statement, "SELECT GET_LOCK('x', 0)")).isEqualTo(1);
            statement.execute("SELECT RELEASE_LOCK('x')");
        }
        Response read =
                nativeQuery(mariaPassThrough, "SELECT `id` FROM `" + maria.databaseName() + "`.`orders` ORDER BY `id`");
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("data").get("rows").toString()).isEqualTo("[[1],[2]]");
    }

    @Test
    void testUsersCannotLiftTheirOwnLimits() throws Exception {
        try (Connection trino = Identities.trinoAs(user, token)) {
            for (String sql : List.of(
                    "SET SESSION query_max_memory = '1PB'",
                    "SET SESSION resource_overcommit = true",
                    "SET SESSION query_max_run_time = '100d'",
                    "SET SESSION query_priority = 100",
                    "SET SESSION " + postgresDefault.catalog() + ".domain_compaction_threshold = 100000")) {
                TrinoOutcome outcome = TrinoOutcome.run(trino, sql);
                assertThat(outcome.denied()).as(outcome.toString()).isTrue();
                assertThat(outcome.trinoMessage()).contains("only admins may change it");
            }
            for (String sql : List.of(
                    "SET SESSION join_distribution_type = 'BROADCAST'",
                    "SET SESSION " + postgresDefault.catalog() + ".join_pushdown_enabled = false",
                    "SET TIME ZONE 'UTC'")) {
                TrinoOutcome outcome = TrinoOutcome.run(trino, sql);
                assertThat(outcome.succeeded()).as(outcome.toString()).isTrue();
            }
        }
        // the REST API's own session properties (spooled segment sizes) stay allowed for users
        Response rest = asUser.post(
                "/api/v1/query",
                Map.of("sql", "SELECT count(*) AS n FROM " + postgresDefault.catalog() + ".public.orders"));
        assertThat(rest.status()).as(rest.body()).isEqualTo(200);
        // admins operate the cluster
        try (Connection admin = trinoConnection()) {
            TrinoOutcome outcome = TrinoOutcome.run(admin, "SET SESSION query_max_memory = '1GB'");
            assertThat(outcome.succeeded()).as(outcome.toString()).isTrue();
        }
    }

    @Test
    void testClusterInternalsAreForAdmins() throws Exception {
        try (Connection trino = Identities.trinoAs(user, token)) {
            for (String table : List.of("nodes", "tasks", "transactions", "optimizer_rule_stats")) {
                TrinoOutcome outcome = TrinoOutcome.run(trino, "SELECT * FROM system.runtime." + table);
                assertThat(outcome.denied()).as(outcome.toString()).isTrue();
                assertThat(outcome.trinoMessage()).contains("cluster information is for operators");
            }
            try (Statement statement = trino.createStatement();
                    ResultSet tables = statement.executeQuery("SHOW TABLES FROM system.runtime")) {
                List<String> names = new ArrayList<>();
                while (tables.next()) {
                    names.add(tables.getString(1));
                }
                assertThat(names).containsExactly("queries");
            }
            // their own queries stay visible
            TrinoOutcome queries = TrinoOutcome.run(trino, "SELECT query_id, query FROM system.runtime.queries");
            assertThat(queries.succeeded()).as(queries.toString()).isTrue();
        }
        Response rest = asUser.post("/api/v1/query", Map.of("sql", "SELECT * FROM system.runtime.tasks"));
        assertPermissionDenied(rest, "cluster information is for operators");
        try (Connection admin = trinoConnection()) {
            for (String table : List.of("nodes", "tasks", "transactions", "optimizer_rule_stats")) {
                TrinoOutcome outcome = TrinoOutcome.run(admin, "SELECT * FROM system.runtime." + table);
                assertThat(outcome.succeeded()).as(outcome.toString()).isTrue();
            }
        }
    }

    private Response nativeQuery(Datasource datasource, String sql) {
        return asUser.post("/api/v1/query", Map.of("dataSourceId", datasource.id(), "nativeQuery", true, "sql", sql));
    }

    private static String passThrough(Datasource datasource, String sql) {
        return "SELECT * FROM " + passThroughRelation(datasource, sql);
    }

    private static String passThroughRelation(Datasource datasource, String sql) {
        return "TABLE(" + datasource.catalog() + ".system.query(query => '" + sql.replace("'", "''") + "'))";
    }

    private static void assertPermissionDenied(Response response, String reason) {
        assertProblem(response, 403, "PERMISSION_DENIED");
        assertThat(response.json().get("detail").asString()).contains(reason);
    }

    private static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getLong(1);
        }
    }

    private Datasource register(String type, TestDatabase database, Boolean passThrough) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", unique("h1 " + type));
        body.put("type", type);
        if (passThrough != null) {
            body.put("passThrough", passThrough);
        }
        body.put("config", SourceConfigs.of(database));
        Response created = api().post("/api/v1/datasources", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("passThrough").asBoolean()).isEqualTo(Boolean.TRUE.equals(passThrough));
        String id = created.json().get("id").asString();
        datasourceIds.add(id);
        return new Datasource(id, created.json().get("catalog").asString());
    }
}

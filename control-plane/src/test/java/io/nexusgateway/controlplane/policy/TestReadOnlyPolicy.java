package io.nexusgateway.controlplane.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.controlplane.support.SourceConfigs;
import io.nexusgateway.controlplane.support.TrinoOutcome;
import io.nexusgateway.controlplane.support.WriteStatementCorpus;
import io.nexusgateway.testing.Await;
import io.nexusgateway.testing.SharedTrino;
import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The read-only policy, enforced by Trino itself: statements go straight to Trino over JDBC, bypassing the control
 * plane, against real MariaDB and PostgreSQL datasources.
 */
final class TestReadOnlyPolicy extends NexusIntegrationTest {
    private static final String SEED_TABLE = "orders";
    private static final List<String> SCRATCH_DATABASES = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> datasourceIds = new ArrayList<>();

    @AfterEach
    void deleteDatasources() {
        // their catalogs go too, so no catalog outlives its source database in the shared Trino
        datasourceIds.forEach(id -> api().delete("/api/v1/datasources/" + id));
    }

    private static final Duration AUDIT_DEADLINE = Duration.ofSeconds(60);
    // the documented bound: nexus.policy.refresh-interval (2 s) plus one policy fetch and the probing query itself, on
    // a busy 2-core box; the PUT answers once the catalog (re-created: its source connection changed) is synced
    private static final Duration POLICY_REFRESH_BOUND = Duration.ofSeconds(5);
    private static final Duration POLICY_DEADLINE = Duration.ofSeconds(20);

    @Test
    void testCorpusDeniedOnReadOnlyAndNotByPolicyOnWritable() throws Exception {
        assertThat(WriteStatementCorpus.statements()).hasSizeGreaterThanOrEqualTo(40);
        try (TestDatabase mariaReadOnly = seeded(TestDatabases.mariadb().createDatabase("nexus_ro"));
                TestDatabase mariaWritable = seeded(TestDatabases.mariadb().createDatabase("nexus_rw"));
                TestDatabase postgresReadOnly =
                        seeded(TestDatabases.postgresql().createDatabase("nexus_ro"));
                TestDatabase postgresWritable =
                        seeded(TestDatabases.postgresql().createDatabase("nexus_rw"))) {
            List<String> failures = new ArrayList<>();
            List<TrinoOutcome> all = new ArrayList<>();
            runCorpus(WriteStatementCorpus.MARIADB, mariaReadOnly, mariaWritable, failures, all);
            runCorpus(WriteStatementCorpus.POSTGRESQL, postgresReadOnly, postgresWritable, failures, all);
            assertThat(failures).as("corpus outcomes").isEmpty();
            assertAuditedOnce(all);
        } finally {
            try (Connection admin = TestDatabases.mariadb().openAdminConnection();
                    Statement statement = admin.createStatement()) {
                for (String database : SCRATCH_DATABASES) {
                    statement.execute("DROP DATABASE IF EXISTS " + database);
                }
            }
        }
    }

    private void runCorpus(
            String type, TestDatabase readOnly, TestDatabase writable, List<String> failures, List<TrinoOutcome> all)
            throws Exception {
        String readOnlyName = unique(type + " ro");
        String readOnlyCatalog = register(readOnlyName, type, readOnly, false);
        String writableCatalog = register(unique(type + " rw"), type, writable, true);
        String readOnlySchema = schemaOf(type, readOnly);
        String writableSchema = schemaOf(type, writable);
        List<String> tablesBefore = sourceTables(readOnly);

        try (Connection trino = trinoConnection()) {
            for (WriteStatementCorpus.Statement statement : WriteStatementCorpus.statements()) {
                // DROP SCHEMA checks emptiness before access: the schema statements get an empty scratch schema
                String schema = statement.changesSchema() ? scratchSchema(type, readOnly) : readOnlySchema;
                TrinoOutcome outcome =
                        TrinoOutcome.run(trino, statement.render(readOnlyCatalog, schema, SEED_TABLE, unique("fresh")));
                all.add(outcome);
                if (!outcome.denied()) {
                    failures.add("read-only " + type + " " + statement.name() + ": expected denial, " + outcome);
                } else if (!outcome.trinoMessage().startsWith("Access Denied: ")) {
                    failures.add("read-only " + type + " " + statement.name() + ": unclear message, " + outcome);
                }
            }
            assertReadsWork(trino, readOnlyCatalog, readOnlySchema);
        }
        // nothing reached the source: same tables, same rows
        assertThat(sourceTables(readOnly)).isEqualTo(tablesBefore);
        assertThat(seedRows(readOnly)).containsExactly("1:10.50", "2:20.25");

        try (Connection trino = trinoConnection()) {
            for (WriteStatementCorpus.Statement statement : WriteStatementCorpus.statements()) {
                // a fresh copy of the seed for every statement: they drop, rename and empty it
                String table = unique("t");
                sourceExecute(writable, "CREATE TABLE " + table + " AS SELECT * FROM " + SEED_TABLE);
                String schema = statement.changesSchema() ? scratchSchema(type, writable) : writableSchema;
                TrinoOutcome outcome =
                        TrinoOutcome.run(trino, statement.render(writableCatalog, schema, table, unique("fresh")));
                all.add(outcome);
                if (outcome.denied()) {
                    failures.add("writable " + type + " " + statement.name() + ": denied, " + outcome);
                } else if (statement.succeedsOn(type) && !outcome.succeeded()) {
                    failures.add("writable " + type + " " + statement.name() + ": expected success, " + outcome);
                } else if (!statement.succeedsOn(type) && outcome.succeeded()) {
                    failures.add("writable " + type + " " + statement.name() + ": succeeds now, update the corpus: "
                            + outcome);
                }
            }
        }
    }

    @Test
    void testDenialNamesTheDatasource() throws Exception {
        try (TestDatabase maria = seeded(TestDatabases.mariadb().createDatabase("nexus_msg"))) {
            String name = unique("maria_sales");
            String catalog = register(name, "mariadb", maria, false);
            try (Connection trino = trinoConnection()) {
                String insert = "INSERT INTO " + catalog + "." + maria.databaseName() + ".orders VALUES (3, 1.00)";
                String expected = "Access Denied: Cannot insert into table %s.%s.orders: datasource '%s' is read-only"
                        .formatted(catalog, maria.databaseName(), name);
                // a new catalog is not in Trino's policy until the next refresh: denied meanwhile, as "not Nexus'"
                Await.until(
                        "the denial names the datasource",
                        POLICY_DEADLINE,
                        () -> expected.equals(TrinoOutcome.run(trino, insert).trinoMessage()));
                // Trino's own catalogs keep their normal read behaviour, and take no writes
                assertThat(TrinoOutcome.run(trino, "SELECT count(*) FROM system.metadata.catalogs")
                                .succeeded())
                        .isTrue();
                assertThat(TrinoOutcome.run(trino, "CALL system.runtime.kill_query(query_id => 'x')")
                                .message())
                        .contains("catalog 'system' is not a Nexus datasource");
            }
        }
    }

    @Test
    void testPassThroughCannotWriteThroughReadOnlySourceConnection() throws Exception {
        try (TestDatabase postgres = seeded(TestDatabases.postgresql().createDatabase("nexus_cte"));
                TestDatabase maria = seeded(TestDatabases.mariadb().createDatabase("nexus_cte"))) {
            String postgresCatalog = register(unique("pg cte"), "postgresql", postgres, false);
            String mariaCatalog = register(unique("maria cte"), "mariadb", maria, false);
            try (Connection trino = trinoConnection()) {
                String writingCte = "SELECT * FROM TABLE(" + postgresCatalog + ".system.query(query => "
                        + "'WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d'))";
                // denied as "not a Nexus datasource" until Trino's next policy refresh knows the catalog
                TrinoOutcome cte = Await.until(
                        "the catalog in Trino's policy",
                        POLICY_DEADLINE,
                        () -> TrinoOutcome.run(trino, writingCte),
                        outcome -> !outcome.toString().contains("is not a Nexus datasource"));
                assertThat(cte.denied()).as(cte.toString()).isTrue();
                assertThat(cte.trinoMessage()).contains("the native query must only read: DELETE is not accepted");
                // the pass-through itself works for reads
                TrinoOutcome read = TrinoOutcome.run(
                        trino,
                        "SELECT * FROM TABLE(" + postgresCatalog + ".system.query(query => 'SELECT id FROM orders'))");
                assertThat(read.succeeded()).as(read.toString()).isTrue();
            }
            assertThat(seedRows(postgres)).containsExactly("1:10.50", "2:20.25");

            // the connection Trino opens is read-only at the source: the same URL, with the source's own driver
            try (Connection connection = sourceConnectionLikeTrino(postgresCatalog, postgres);
                    Statement statement = connection.createStatement()) {
                assertThat(catchMessage(
                                () -> statement.execute("WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d")))
                        .contains("read-only transaction");
            }
            try (Connection connection = sourceConnectionLikeTrino(mariaCatalog, maria);
                    Statement statement = connection.createStatement()) {
                assertThat(catchMessage(() -> statement.execute("DELETE FROM orders")))
                        .contains("READ ONLY");
            }
            assertThat(seedRows(postgres)).containsExactly("1:10.50", "2:20.25");
            assertThat(seedRows(maria)).containsExactly("1:10.50", "2:20.25");
        }
    }

    @Test
    void testPolicyChangeTakesEffectWithoutRestartingTrino() throws Exception {
        try (TestDatabase maria = seeded(TestDatabases.mariadb().createDatabase("nexus_flip"))) {
            Response created = api().post(
                            "/api/v1/datasources",
                            Map.of("name", unique("flip"), "type", "mariadb", "config", config(maria)));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("writable").asBoolean()).isFalse();
            String id = created.json().get("id").asString();
            datasourceIds.add(id);
            String insert = "INSERT INTO " + created.json().get("catalog").asString() + "." + maria.databaseName()
                    + ".orders VALUES (%d, 1.00)";
            try (Connection trino = trinoConnection()) {
                assertThat(TrinoOutcome.run(trino, insert.formatted(10)).denied())
                        .isTrue();

                Response writable =
                        setWritable(id, created.json().get("version").asLong(), true);
                assertThat(writable.json().get("writable").asBoolean()).isTrue();
                Instant writableAt = Instant.now();
                Await.until("an INSERT succeeds after writable=true", POLICY_DEADLINE, () -> TrinoOutcome.run(
                                trino, insert.formatted(11))
                        .succeeded());
                assertThat(Duration.between(writableAt, Instant.now())).isLessThan(POLICY_REFRESH_BOUND);

                Response readOnly =
                        setWritable(id, writable.json().get("version").asLong(), false);
                assertThat(readOnly.json().get("writable").asBoolean()).isFalse();
                Instant readOnlyAt = Instant.now();
                Await.until("an INSERT is denied after writable=false", POLICY_DEADLINE, () -> TrinoOutcome.run(
                                trino, insert.formatted(12))
                        .denied());
                assertThat(Duration.between(readOnlyAt, Instant.now())).isLessThan(POLICY_REFRESH_BOUND);
            }
            // 12 may have gone in before the refresh noticed the change: that is the documented window
            assertThat(seedRows(maria))
                    .contains("1:10.50", "11:1.00", "2:20.25")
                    .doesNotContain("10:1.00");
        }
    }

    @Test
    void testOnlyTheSyncPrincipalManagesCatalogs() throws Exception {
        String catalog = unique("by_hand");
        try (Connection trino = trinoConnection()) {
            TrinoOutcome create = TrinoOutcome.run(trino, "CREATE CATALOG " + catalog + " USING tpch");
            assertThat(create.denied()).as(create.toString()).isTrue();
            assertThat(create.trinoMessage())
                    .isEqualTo("Access Denied: Cannot create catalog " + catalog
                            + ": catalogs are managed by Nexus (datasources API)");
        }
        try (Connection sync = trinoConnection(SharedTrino.SYNC_PRINCIPAL);
                Connection trino = trinoConnection()) {
            TrinoOutcome created = TrinoOutcome.run(sync, "CREATE CATALOG " + catalog + " USING tpch");
            assertThat(created.succeeded()).as(created.toString()).isTrue();
            TrinoOutcome drop = TrinoOutcome.run(trino, "DROP CATALOG " + catalog);
            assertThat(drop.denied()).as(drop.toString()).isTrue();
            TrinoOutcome dropped = TrinoOutcome.run(sync, "DROP CATALOG " + catalog);
            assertThat(dropped.succeeded()).as(dropped.toString()).isTrue();
        }
    }

    private static void assertReadsWork(Connection trino, String catalog, String schema) throws SQLException {
        String table = catalog + "." + schema + "." + SEED_TABLE;
        List<String> reads = List.of(
                "SELECT count(*) FROM " + table,
                "SELECT * FROM " + table + " ORDER BY id",
                "SHOW CATALOGS",
                "SHOW SCHEMAS FROM " + catalog,
                "SHOW TABLES FROM " + catalog + "." + schema,
                "DESCRIBE " + table,
                "SHOW COLUMNS FROM " + table,
                "SHOW CREATE TABLE " + table,
                "EXPLAIN SELECT * FROM " + table,
                "EXPLAIN ANALYZE SELECT count(*) FROM " + table,
                "SHOW FUNCTIONS",
                "SHOW SESSION",
                "SET SESSION query_max_run_time = '1h'",
                "SELECT * FROM TABLE(" + catalog + ".system.query(query => 'SELECT id FROM " + schema + "." + SEED_TABLE
                        + "'))",
                "SELECT table_name FROM " + catalog + ".information_schema.tables WHERE table_schema = '" + schema
                        + "'");
        for (String read : reads) {
            TrinoOutcome outcome = TrinoOutcome.run(trino, read);
            assertThat(outcome.succeeded()).as(outcome.toString()).isTrue();
        }
        // what DBeaver-style tools call
        try (ResultSet tables = trino.getMetaData().getTables(catalog, schema, "%", null)) {
            assertThat(tables.next()).isTrue();
        }
        try (ResultSet columns = trino.getMetaData().getColumns(catalog, schema, SEED_TABLE, "%")) {
            assertThat(columns.next()).isTrue();
        }
        try (ResultSet schemas = trino.getMetaData().getSchemas(catalog, null)) {
            assertThat(schemas.next()).isTrue();
        }
    }

    /** Every statement, allowed or denied, has exactly one audit record with its state, user and source. */
    private static void assertAuditedOnce(List<TrinoOutcome> outcomes) throws Exception {
        Map<String, TrinoOutcome> pending = new LinkedHashMap<>();
        outcomes.forEach(outcome -> pending.put(outcome.traceToken(), outcome));
        List<String> problems = new ArrayList<>();
        Await.until("an audit record of every statement, " + pending.size() + " missing", AUDIT_DEADLINE, () -> {
            for (Map.Entry<String, TrinoOutcome> entry : List.copyOf(pending.entrySet())) {
                Response page = api().get("/api/v1/audit?correlationId=" + entry.getKey());
                assertThat(page.status()).as(page.body()).isEqualTo(200);
                long total = page.json().get("totalItems").asLong();
                if (total == 0) {
                    continue;
                }
                pending.remove(entry.getKey());
                TrinoOutcome outcome = entry.getValue();
                JsonNode record = page.json().get("items").get(0);
                String expectedState = outcome.succeeded() ? "SUCCEEDED" : outcome.denied() ? "DENIED" : "FAILED";
                if (total != 1
                        || !record.get("state").asString().equals(expectedState)
                        || !record.get("user").asString().equals(TEST_USER)
                        || !record.get("client").asString().equals("trino-jdbc")
                        || !record.get("source").asString().equals("trino-jdbc")) {
                    problems.add(total + " record(s) " + record + " for " + outcome);
                }
            }
            return pending.isEmpty();
        });
        assertThat(problems).isEmpty();
    }

    private static TestDatabase seeded(TestDatabase database) throws SQLException {
        sourceExecute(database, "CREATE TABLE orders (id INT PRIMARY KEY, amount DECIMAL(10,2))");
        sourceExecute(database, "INSERT INTO orders VALUES (1, 10.50), (2, 20.25)");
        return database;
    }

    private String register(String name, String type, TestDatabase database, boolean writable) {
        Response created = api().post(
                        "/api/v1/datasources",
                        Map.of(
                                "name",
                                name,
                                "type",
                                type,
                                "writable",
                                writable,
                                // the checked pass-through is part of what a read-only datasource allows
                                "passThrough",
                                true,
                                "config",
                                config(database)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("sync").get("state").asString())
                .as(created.body())
                .isEqualTo("SYNCED");
        assertThat(created.json().get("writable").asBoolean()).isEqualTo(writable);
        datasourceIds.add(created.json().get("id").asString());
        return created.json().get("catalog").asString();
    }

    private static Response setWritable(String id, long version, boolean writable) {
        Response current = api().get("/api/v1/datasources/" + id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", current.json().get("name").asString());
        body.put("type", current.json().get("type").asString());
        body.put("writable", writable);
        body.put("version", version);
        Map<String, Object> config = new LinkedHashMap<>();
        JsonNode stored = current.json().get("config");
        config.put("host", stored.get("host").asString());
        config.put("port", stored.get("port").asInt());
        config.put("database", stored.get("database").asString());
        config.put("username", stored.get("username").asString());
        body.put("config", config);
        Response updated = api().put("/api/v1/datasources/" + id, body, Map.of());
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        return updated;
    }

    private static Map<String, Object> config(TestDatabase database) {
        return SourceConfigs.of(database);
    }

    /** A new empty schema the datasource's login may drop and rename (MariaDB: a database it has every right on). */
    private static String scratchSchema(String type, TestDatabase database) throws SQLException {
        String schema = unique("scratch");
        if (type.equals(WriteStatementCorpus.POSTGRESQL)) {
            sourceExecute(database, "CREATE SCHEMA " + schema);
            return schema;
        }
        String name = database.databaseName() + "_" + schema.substring(schema.length() - 6);
        try (Connection admin = database.server().openAdminConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
            statement.execute("GRANT ALL PRIVILEGES ON " + name + ".* TO '" + database.user() + "'@'%'");
        }
        SCRATCH_DATABASES.add(name);
        return name;
    }

    private static String schemaOf(String type, TestDatabase database) {
        return type.equals(WriteStatementCorpus.POSTGRESQL) ? "public" : database.databaseName();
    }

    private static void sourceExecute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.openConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> seedRows(TestDatabase database) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.openConnection();
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery("SELECT id, amount FROM orders ORDER BY id")) {
            while (resultSet.next()) {
                rows.add(resultSet.getInt(1) + ":" + resultSet.getBigDecimal(2).toPlainString());
            }
        }
        rows.sort(null);
        return rows;
    }

    private static List<String> sourceTables(TestDatabase database) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = database.openConnection();
                ResultSet resultSet = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (resultSet.next()) {
                tables.add(resultSet.getString("TABLE_SCHEM") + "." + resultSet.getString("TABLE_NAME"));
            }
        }
        tables.sort(null);
        return tables;
    }

    /** A connection with the URL in Trino's catalog file and the datasource's login, through the source's driver. */
    private static Connection sourceConnectionLikeTrino(String catalog, TestDatabase database)
            throws SQLException, IOException {
        Properties catalogFile = new Properties();
        try (var reader =
                Files.newBufferedReader(SharedTrino.get().home().catalogDir().resolve(catalog + ".properties"))) {
            catalogFile.load(reader);
        }
        String url = catalogFile.getProperty("connection-url");
        if (url.startsWith("jdbc:mariadb:") && !url.contains("?")) {
            url = url + "/";
        }
        Properties login = new Properties();
        login.setProperty("user", database.user());
        login.setProperty("password", database.password());
        Connection connection = DriverManager.getConnection(url, login);
        if (url.startsWith("jdbc:mariadb:")) {
            connection.setCatalog(database.databaseName());
        }
        return connection;
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static String catchMessage(SqlAction action) {
        try {
            action.run();
        } catch (SQLException e) {
            return String.valueOf(e.getMessage());
        }
        throw new AssertionError("expected the statement to fail");
    }
}

package io.nexusgateway.controlplane.query;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.controlplane.support.WriteStatementCorpus;
import io.nexusgateway.testing.Await;
import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The read-only guarantee through the REST API: the Trino plugin refuses every statement of the write corpus on a
 * read-only datasource, the API answers 403 with Trino's reason, and the source is unchanged. (The same corpus runs
 * straight against Trino in {@code TestReadOnlyPolicy}.)
 */
final class TestQueryReadOnly extends NexusIntegrationTest {
    @Test
    void testWriteCorpusIsForbiddenOnReadOnlyMariaDb() throws Exception {
        assertCorpusForbidden(
                WriteStatementCorpus.MARIADB, TestDatabases.mariadb().createDatabase("nexus_ro"));
    }

    @Test
    void testWriteCorpusIsForbiddenOnReadOnlyPostgresql() throws Exception {
        assertCorpusForbidden(
                WriteStatementCorpus.POSTGRESQL, TestDatabases.postgresql().createDatabase("nexus_ro"));
    }

    @Test
    void testWritableDatasourceAcceptsWritesThroughTheApi() throws Exception {
        try (QueryFixture writable = QueryFixture.register(
                api(), TestDatabases.mariadb().createDatabase("nexus_rw"), "mariadb", Map.of(), true)) {
            writable.seed("CREATE TABLE orders (id INT PRIMARY KEY, amount DECIMAL(10,2))");
            // Trino's plugin learns of a new datasource with its next policy refresh (trino-plugin/README.md)
            Response insert = Await.until(
                    "the plugin knows the new datasource",
                    java.time.Duration.ofSeconds(20),
                    () -> insertSeven(writable),
                    response -> response.status() != 403 || !response.body().contains("is not a Nexus datasource"));
            assertThat(insert.status()).as(insert.body()).isEqualTo(200);
            assertThat(insert.json().get("data").get("rows").toString()).isEqualTo("[[1]]");
            assertThat(rows(writable.database(), "SELECT id, amount FROM orders"))
                    .containsExactly("7 7.50");
        }
    }

    private static Response insertSeven(QueryFixture writable) {
        return api().post(
                        "/api/v1/query",
                        Map.of(
                                "dataSourceId",
                                writable.id(),
                                "sql",
                                "INSERT INTO orders VALUES (?, ?)",
                                "parameters",
                                List.of(7, new java.math.BigDecimal("7.50"))));
    }

    private static void assertCorpusForbidden(String type, TestDatabase database) throws Exception {
        try (QueryFixture readOnly = QueryFixture.register(api(), database, type, Map.of())) {
            readOnly.seed(
                    "CREATE TABLE orders (id INT PRIMARY KEY, amount DECIMAL(10,2))",
                    "INSERT INTO orders VALUES (1, 10.50), (2, 20.25)");
            String schema = type.equals(WriteStatementCorpus.MARIADB) ? database.databaseName() : "public";
            // DROP SCHEMA checks emptiness before access: the schema statements get an empty scratch schema
            String scratch = scratchSchema(type, database);
            List<String> before = rows(database, "SELECT id, amount FROM orders ORDER BY id");

            List<String> notForbidden = new ArrayList<>();
            Map<String, String> correlationIds = new java.util.LinkedHashMap<>();
            for (WriteStatementCorpus.Statement statement : WriteStatementCorpus.statements()) {
                String sql = statement.render(
                        readOnly.catalog(), statement.changesSchema() ? scratch : schema, "orders", unique("fresh"));
                String correlationId = "it-ro-" + java.util.UUID.randomUUID();
                correlationIds.put(correlationId, statement.name());
                Response response = api().send(
                                "POST",
                                "/api/v1/query",
                                Map.of("dataSourceId", readOnly.id(), "sql", sql),
                                Map.of("X-Correlation-Id", correlationId));
                if (response.status() != 403) {
                    notForbidden.add(statement.name() + " -> " + response.status() + " " + response.body());
                    continue;
                }
                assertProblem(response, 403, "PERMISSION_DENIED");
                assertThat(response.json().get("trinoErrorName").asString()).isEqualTo("PERMISSION_DENIED");
                assertThat(response.json().get("detail").asString()).startsWith("Access Denied");
            }
            assertThat(notForbidden)
                    .as("statements the API did not refuse with 403")
                    .isEmpty();
            assertAuditedOnceAsDenied(correlationIds);

            // reads still work through the API, and the source is untouched
            for (String read : List.of(
                    "SELECT count(*) FROM orders",
                    "SHOW TABLES",
                    "DESCRIBE orders",
                    "EXPLAIN SELECT * FROM orders",
                    "SHOW CREATE TABLE orders")) {
                Response response = api().post("/api/v1/query", Map.of("dataSourceId", readOnly.id(), "sql", read));
                assertThat(response.status()).as(read + ": " + response.body()).isEqualTo(200);
            }
            Response denial = api().post(
                            "/api/v1/query",
                            Map.of("dataSourceId", readOnly.id(), "sql", "INSERT INTO orders VALUES (3, 1.00)"));
            assertThat(denial.json().get("detail").asString()).contains("is read-only");
            assertThat(rows(database, "SELECT id, amount FROM orders ORDER BY id"))
                    .isEqualTo(before);
            if (type.equals(WriteStatementCorpus.MARIADB)) {
                try (Connection admin = database.server().openAdminConnection();
                        Statement statement = admin.createStatement()) {
                    statement.execute("DROP DATABASE " + scratch);
                }
            }
        }
    }

    /** Each refused statement has exactly one audit record: DENIED, from the REST API, under its correlation id. */
    private static void assertAuditedOnceAsDenied(Map<String, String> correlationIds) throws Exception {
        for (Map.Entry<String, String> entry : correlationIds.entrySet()) {
            tools.jackson.databind.JsonNode items = Await.until(
                    "an audit record of " + entry.getValue(),
                    java.time.Duration.ofSeconds(60),
                    () -> api().get("/api/v1/audit?correlationId=" + entry.getKey())
                            .json()
                            .get("items"),
                    found -> !found.isEmpty());
            assertThat(items.size()).as("audit records of " + entry.getValue()).isEqualTo(1);
            assertThat(items.get(0).get("state").asString())
                    .as(entry.getValue())
                    .isEqualTo("DENIED");
            assertThat(items.get(0).get("client").asString())
                    .as(entry.getValue())
                    .isEqualTo("REST_API");
            assertThat(items.get(0).get("source").asString())
                    .as(entry.getValue())
                    .isEqualTo("nexus-rest-api");
        }
    }

    /** An empty schema next to the seeded one (MariaDB: a database the datasource's login has every right on). */
    private static String scratchSchema(String type, TestDatabase database) throws Exception {
        String name = database.databaseName() + "_s";
        if (type.equals(WriteStatementCorpus.POSTGRESQL)) {
            try (Connection connection = database.openConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + name);
            }
            return name;
        }
        try (Connection admin = database.server().openAdminConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
            statement.execute("GRANT ALL PRIVILEGES ON " + name + ".* TO '" + database.user() + "'@'%'");
        }
        return name;
    }

    private static List<String> rows(TestDatabase database, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.openConnection();
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(sql)) {
            while (resultSet.next()) {
                rows.add(resultSet.getString(1) + " " + resultSet.getString(2));
            }
        }
        return rows;
    }
}

package io.nexusgateway.controlplane.query;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.testing.Await;
import io.nexusgateway.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/query} over real HTTP, through a real Trino, against real MariaDB and PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
final class TestQueryApi extends NexusIntegrationTest {
    private QueryFixture maria;
    private QueryFixture postgres;
    private QueryFixture tpch;

    @BeforeAll
    void registerSources() throws Exception {
        maria = QueryFixture.register(
                api(), TestDatabases.mariadb().createDatabase("nexus_query"), "mariadb", Map.of());
        postgres = QueryFixture.register(
                api(),
                TestDatabases.postgresql().createDatabase("nexus_query"),
                "postgresql",
                Map.of("postgresql.array-mapping", "AS_ARRAY"));
        tpch = QueryFixture.registerTpch(api());
        maria.seed(
                "CREATE TABLE users (id INT NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL, status VARCHAR(10),"
                        + " created_at DATE)",
                "INSERT INTO users VALUES (1, 'John Doe', 'active', '2023-03-01'), (2, 'Jane Smith', 'active',"
                        + " '2024-01-15'), (3, 'Old Timer', 'active', '2020-05-05'), (4, 'Gone Away', 'inactive',"
                        + " '2023-06-01'), (5, 'No Status', NULL, NULL)");
        postgres.seed(
                "CREATE TABLE orders (id INT PRIMARY KEY, user_id INT NOT NULL, amount NUMERIC(10,2) NOT NULL)",
                "INSERT INTO orders VALUES (10, 1, 10.50), (11, 1, 20.25), (12, 2, 99.99), (13, 4, 5.00)");
    }

    @AfterAll
    void removeSources() {
        maria.close();
        postgres.close();
        tpch.close();
    }

    @Test
    void testQueryWithDatasourceRunsInItsCatalogAndSchemaWithTheSeedsShape(CapturedOutput output) {
        Response response = api().send(
                        "POST",
                        "/api/v1/query",
                        Map.of(
                                "dataSourceId",
                                maria.id(),
                                "sql",
                                "SELECT id, name FROM users WHERE status = ? AND created_at > ? ORDER BY id",
                                "parameters",
                                List.of("active", Map.of("type", "date", "value", "2023-01-01")),
                                "limit",
                                1000,
                                "offset",
                                0),
                        Map.of("X-Correlation-Id", "it-query-corr-1"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("correlationId").asString()).isEqualTo("it-query-corr-1");
        assertThat(Instant.parse(body.get("timestamp").asString())).isBeforeOrEqualTo(Instant.now());
        JsonNode data = body.get("data");
        assertThat(data.get("columns").toString())
                .isEqualTo("[{\"name\":\"id\",\"type\":\"integer\",\"trinoType\":\"integer\",\"nullable\":true},"
                        + "{\"name\":\"name\",\"type\":\"string\",\"trinoType\":\"varchar(40)\",\"nullable\":true}]");
        assertThat(data.get("rows").toString()).isEqualTo("[[1,\"John Doe\"],[2,\"Jane Smith\"]]");
        JsonNode metadata = data.get("metadata");
        assertThat(metadata.get("rowCount").asLong()).isEqualTo(2);
        assertThat(metadata.get("executionTimeMs").asLong()).isNotNegative();
        assertThat(metadata.get("dataSourceId").asString()).isEqualTo(maria.id());
        assertThat(metadata.get("databaseType").asString()).isEqualTo("mariadb");
        assertThat(metadata.get("hasMore").asBoolean()).isFalse();
        assertThat(metadata.get("catalogs").toString()).isEqualTo("[\"" + maria.catalog() + "\"]");
        String queryId = metadata.get("queryId").asString();
        assertThat(queryId).matches("\\d{8}_\\d{6}_\\d{5}_\\w{5}");

        // the Trino query carries the correlation id, and so does every log line of the request
        JsonNode session = trinoQueryInfo(queryId).get("session");
        assertThat(session.get("traceToken").asString()).isEqualTo("it-query-corr-1");
        assertThat(session.get("clientInfo").asString()).isEqualTo("it-query-corr-1");
        assertThat(session.get("source").asString()).isEqualTo("nexus-rest-api");
        assertThat(session.get("user").asString()).isEqualTo("admin");
        assertThat(output.getAll().lines().filter(line -> line.contains(queryId)))
                .isNotEmpty()
                .allMatch(line -> line.contains("[it-query-corr-1]"));
    }

    @Test
    void testRestQueriesAreAuditedWithTheirCorrelationId() throws Exception {
        String correlationId = "it-audit-" + java.util.UUID.randomUUID();
        Response response = api().send(
                        "POST",
                        "/api/v1/query",
                        Map.of(
                                "dataSourceId",
                                maria.id(),
                                "sql",
                                "SELECT count(*) FROM users WHERE id > ?",
                                "parameters",
                                List.of(1)),
                        Map.of("X-Correlation-Id", correlationId));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        String queryId =
                response.json().get("data").get("metadata").get("queryId").asString();

        JsonNode items = Await.until(
                "audit record of " + queryId,
                Duration.ofSeconds(60),
                () -> api().get("/api/v1/audit?correlationId=" + correlationId)
                        .json()
                        .get("items"),
                found -> found != null && !found.isEmpty());
        assertThat(items.size()).isEqualTo(1);
        JsonNode record = items.get(0);
        assertThat(record.get("queryId").asString()).isEqualTo(queryId);
        assertThat(record.get("client").asString()).isEqualTo("REST_API");
        assertThat(record.get("user").asString()).isEqualTo("admin");
        assertThat(record.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(record.get("catalogs").toString()).contains(maria.catalog());
    }

    @Test
    void testParametersAreBoundNeverSpliced() {
        // an injection attempt is just a string that matches nothing
        assertThat(rows(maria.id(), "SELECT id FROM users WHERE name = ?", List.of("' OR 1=1 --")))
                .isEqualTo("[]");
        assertThat(rows(maria.id(), "SELECT id FROM users WHERE name = ?", List.of("x' OR '1'='1")))
                .isEqualTo("[]");
        // a quote inside a value survives the round trip exactly; a JSON decimal binds as an exact decimal (a string in
        // results), however many digits it has
        assertThat(rows(
                        null,
                        "SELECT ?, ?, ?, ?",
                        Arrays.asList("it's", 42, new java.math.BigDecimal("12345678901234567890.125"), true)))
                .isEqualTo("[[\"it's\",42,\"12345678901234567890.125\",true]]");
        // NULL binds as NULL: "= NULL" is never true, "IS NOT DISTINCT FROM" matches the row without status
        assertThat(rows(maria.id(), "SELECT id FROM users WHERE status = ?", Arrays.asList((Object) null)))
                .isEqualTo("[]");
        assertThat(rows(maria.id(), "SELECT id FROM users WHERE status IS NOT DISTINCT FROM ?", Arrays.asList((Object)
                        null)))
                .isEqualTo("[[5]]");
        // typed values: dates, timestamps, decimals, big integers
        assertThat(rows(
                        maria.id(),
                        "SELECT id FROM users WHERE created_at BETWEEN ? AND ? ORDER BY id",
                        List.of(
                                Map.of("type", "date", "value", "2023-01-01"),
                                Map.of("type", "date", "value", "2023-12-31"))))
                .isEqualTo("[[1],[4]]");
        assertThat(rows(
                        null,
                        "SELECT ?, ?, ?",
                        List.of(
                                Map.of("type", "timestamp", "value", "2024-02-29T12:34:56.123456"),
                                Map.of("type", "decimal", "value", "12345678901234567890.123"),
                                Map.of("type", "bigint", "value", "9007199254740993"))))
                .isEqualTo("[[\"2024-02-29T12:34:56.123456\",\"12345678901234567890.123\",\"9007199254740993\"]]");
    }

    @Test
    void testLimitOffsetAndHasMoreEdges() {
        String sql = "SELECT id FROM users ORDER BY id";
        assertThat(page(sql, 5, 0)).isEqualTo("[[1],[2],[3],[4],[5]] hasMore=false");
        assertThat(page(sql, 4, 0)).isEqualTo("[[1],[2],[3],[4]] hasMore=true");
        assertThat(page(sql, 2, 2)).isEqualTo("[[3],[4]] hasMore=true");
        assertThat(page(sql, 2, 4)).isEqualTo("[[5]] hasMore=false");
        assertThat(page(sql, 2, 5)).isEqualTo("[] hasMore=false");
        assertThat(page(sql, 2, 50)).isEqualTo("[] hasMore=false");
        assertThat(page(sql, 0, 0)).isEqualTo("[] hasMore=true");
        assertThat(page("SELECT id FROM users WHERE id > 100", 10, 0)).isEqualTo("[] hasMore=false");
        // the default limit is 1000
        Response all = api().post("/api/v1/query", Map.of("sql", "SELECT * FROM UNNEST(sequence(1, 1500))"));
        assertThat(all.json().get("data").get("rows").size()).isEqualTo(1000);
        assertThat(all.json().get("data").get("metadata").get("hasMore").asBoolean())
                .isTrue();
    }

    @Test
    void testFederatedJoinAcrossMariaDbAndPostgresql() {
        String sql = "SELECT u.name, count(*) AS orders, sum(o.amount) AS total FROM " + maria.catalog() + "."
                + maria.database().databaseName() + ".users u JOIN " + postgres.catalog()
                + ".public.orders o ON o.user_id = u.id GROUP BY u.name ORDER BY u.name";
        Response response = api().post("/api/v1/query", Map.of("sql", sql));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode data = response.json().get("data");
        assertThat(data.get("rows").toString())
                .isEqualTo("[[\"Gone Away\",1,\"5.00\"],[\"Jane Smith\",1,\"99.99\"],[\"John Doe\",2,\"30.75\"]]");
        assertThat(data.get("columns").get(2).get("type").asString()).isEqualTo("decimal");
        JsonNode metadata = data.get("metadata");
        assertThat(metadata.get("dataSourceId").isNull()).isTrue();
        List<String> catalogs = new ArrayList<>(List.of(maria.catalog(), postgres.catalog()));
        catalogs.sort(null);
        assertThat(metadata.get("catalogs").toString()).isEqualTo("[\"" + String.join("\",\"", catalogs) + "\"]");
    }

    @Test
    void testNativeQueryRunsInTheSourcesDialect() {
        // backticks and CONCAT: MariaDB's dialect, not Trino's; a MariaDB catalog has no default database, so qualify
        Response response = api().post(
                        "/api/v1/query",
                        Map.of(
                                "dataSourceId",
                                maria.id(),
                                "nativeQuery",
                                true,
                                "sql",
                                "SELECT `id`, CONCAT(`name`, '!') AS shout FROM `"
                                        + maria.database().databaseName() + "`.`users` WHERE `id` = 2"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("data").get("rows").toString()).isEqualTo("[[2,\"Jane Smith!\"]]");
        assertThat(response.json().get("data").get("metadata").get("catalogs").toString())
                .isEqualTo("[\"" + maria.catalog() + "\"]");

        Response postgresNative = api().post(
                        "/api/v1/query",
                        Map.of(
                                "dataSourceId",
                                postgres.id(),
                                "nativeQuery",
                                true,
                                "sql",
                                "SELECT id, amount::text AS amount FROM orders WHERE id = 12"));
        assertThat(postgresNative.json().get("data").get("rows").toString()).isEqualTo("[[12,\"99.99\"]]");

        assertProblem(
                api().post("/api/v1/query", Map.of("nativeQuery", true, "sql", "SELECT 1")),
                400,
                "INVALID_QUERY_REQUEST");
    }

    @Test
    void testTimeoutCancelsTheTrinoQuery() throws Exception {
        Response response = api().post(
                        "/api/v1/query",
                        Map.of(
                                "sql",
                                "SELECT count(*) FROM " + tpch.catalog() + ".sf1000.lineitem",
                                "timeoutMs",
                                1500));

        assertProblem(response, 504, "QUERY_TIMEOUT");
        String queryId = response.json().get("queryId").asString();
        assertThat(awaitQueryState(queryId, Duration.ofSeconds(30))).isEqualTo("FAILED");
    }

    @Test
    void testErrorsAreProblemsWithTrinosQueryIdAndErrorName() {
        Response syntax = api().post("/api/v1/query", Map.of("sql", "SELECT id,\nFROM users"));
        assertProblem(syntax, 400, "SQL_SYNTAX_ERROR");
        assertThat(syntax.json().get("line").asInt()).isEqualTo(2);
        assertThat(syntax.json().get("column").asInt()).isEqualTo(1);
        assertThat(syntax.json().get("trinoErrorName").asString()).isEqualTo("SYNTAX_ERROR");
        assertThat(syntax.json().get("queryId").asString()).isNotBlank();

        Response table = query(maria.id(), "SELECT * FROM no_such_table");
        assertProblem(table, 404, "TABLE_NOT_FOUND");
        assertThat(table.json().get("detail").asString()).contains("no_such_table");

        assertProblem(query(maria.id(), "SELECT no_such_column FROM users"), 400, "COLUMN_NOT_FOUND");
        assertProblem(query(null, "SELECT * FROM no_catalog.s.t"), 404, "SQL_OBJECT_NOT_FOUND");
        assertProblem(query("00000000-0000-0000-0000-000000000000", "SELECT 1"), 404, "DATASOURCE_NOT_FOUND");
        assertProblem(query(maria.id(), "SELECT id FROM users WHERE id = ?", List.of(1, 2)), 400, "PARAMETER_MISMATCH");
        assertProblem(
                query(maria.id(), "SELECT id FROM users WHERE created_at > ?", List.of(true)),
                400,
                "PARAMETER_MISMATCH");
        assertProblem(
                api().post(
                                "/api/v1/query",
                                Map.of(
                                        "sql",
                                        "SELECT ?",
                                        "parameters",
                                        List.of(Map.of("type", "date", "value", "yesterday")))),
                400,
                "INVALID_QUERY_PARAMETER");
        assertProblem(api().post("/api/v1/query", Map.of("sql", "  ")), 400, "SQL_REQUIRED");
        assertProblem(api().post("/api/v1/query", Map.of("limit", 1)), 400, "SQL_REQUIRED");
        assertProblem(
                api().post("/api/v1/query", Map.of("sql", "SELECT '" + "x".repeat(1_000_001) + "'")),
                400,
                "SQL_TOO_LONG");
        assertProblem(
                api().post("/api/v1/query", Map.of("sql", "SELECT 1", "limit", -1)), 400, "INVALID_QUERY_REQUEST");
        assertProblem(
                api().post("/api/v1/query", Map.of("sql", "SELECT 1", "limit", 10_001)), 400, "INVALID_QUERY_REQUEST");
        assertProblem(
                api().post("/api/v1/query", Map.of("sql", "SELECT 1", "timeoutMs", 0)), 400, "INVALID_QUERY_REQUEST");
        assertProblem(api().post("/api/v1/query", "{\"sql\": "), 400, "MALFORMED_REQUEST");
        assertProblem(api().withKey(null).post("/api/v1/query", Map.of("sql", "SELECT 1")), 401, "UNAUTHENTICATED");
    }

    /**
     * Hostile statements any user may send cost the control plane little, and the next query is served as before.
     * Unbounded, the first of them ran the control plane's heap out; Trino's parser needs minutes of CPU for it, so the
     * deeply nested ones are refused before they reach Trino.
     */
    @Test
    void testHostileStatementsAreRefusedCheaplyAndTheNextQueryRuns() {
        List<String> tooDeep = List.of(
                "SELECT " + "(".repeat(200_000) + "1" + ")".repeat(200_000),
                "SELECT " + "(".repeat(8_000) + "1" + ")".repeat(8_000),
                "SELECT " + "ARRAY[".repeat(5_000) + "1" + "]".repeat(5_000));
        for (String sql : tooDeep) {
            Response response = query(null, sql);
            assertProblem(response, 400, "SQL_TOO_DEEPLY_NESTED");
            assertThat(response.json().get("maxNesting").asInt()).isEqualTo(256);
            assertThat(response.body().length()).isLessThan(2_000);
            assertThat(rows(tpch.id(), "SELECT count(*) FROM nation", List.of()))
                    .isEqualTo("[[25]]");
        }
        assertThat(rows(tpch.id(), "SELECT " + "(".repeat(200) + "1" + ")".repeat(200), List.of()))
                .isEqualTo("[[1]]");
        List<String> trinosToAnswer = List.of(
                "SELECT count(*) FROM nation WHERE nationkey IN (" + "1,".repeat(100_000) + "1)",
                "SELECT 1; ".repeat(10_000) + "SELECT 1",
                "SELECT " + "x".repeat(300_000),
                "SELECT " + "1+".repeat(100_000) + "1");
        for (String sql : trinosToAnswer) {
            Response response = query(tpch.id(), sql);
            assertThat(response.status()).as(response.body()).isIn(200, 400);
            if (response.status() != 200) {
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(response.json().get("trinoErrorName"))
                        .as(response.body())
                        .isNotNull();
            }
            assertThat(rows(tpch.id(), "SELECT count(*) FROM nation", List.of()))
                    .isEqualTo("[[25]]");
        }
    }

    @Test
    void testInactiveDatasourceIsNotFound() throws Exception {
        try (QueryFixture inactive = QueryFixture.register(
                api(), TestDatabases.mariadb().createDatabase("nexus_inactive"), "mariadb", Map.of())) {
            JsonNode view = api().get("/api/v1/datasources/" + inactive.id()).json();
            Map<String, Object> update = new LinkedHashMap<>();
            update.put("name", view.get("name").asString());
            update.put("type", "mariadb");
            update.put("status", "inactive");
            Map<String, Object> config = new HashMap<>();
            config.put("host", inactive.database().server().host());
            config.put("port", inactive.database().server().port());
            config.put("database", inactive.database().databaseName());
            config.put("username", inactive.database().user());
            update.put("config", config);
            Response updated = api().put("/api/v1/datasources/" + inactive.id(), update, Map.of("If-Match", "\"1\""));
            assertThat(updated.status()).as(updated.body()).isEqualTo(200);

            Response response = query(inactive.id(), "SELECT 1");
            assertProblem(response, 404, "DATASOURCE_INACTIVE");
        }
    }

    private static Response query(String dataSourceId, String sql) {
        return query(dataSourceId, sql, List.of());
    }

    private static Response query(String dataSourceId, String sql, List<Object> parameters) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (dataSourceId != null) {
            body.put("dataSourceId", dataSourceId);
        }
        body.put("sql", sql);
        body.put("parameters", parameters);
        return api().post("/api/v1/query", body);
    }

    private static String rows(String dataSourceId, String sql, List<Object> parameters) {
        Response response = query(dataSourceId, sql, parameters);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("data").get("rows").toString();
    }

    private String page(String sql, int limit, int offset) {
        Response response = api().post(
                        "/api/v1/query",
                        Map.of("dataSourceId", maria.id(), "sql", sql, "limit", limit, "offset", offset));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode data = response.json().get("data");
        assertThat(data.get("metadata").get("rowCount").asInt())
                .isEqualTo(data.get("rows").size());
        return data.get("rows") + " hasMore="
                + data.get("metadata").get("hasMore").asBoolean();
    }

    static JsonNode trinoQueryInfo(String queryId) {
        Response info = new io.nexusgateway.controlplane.support.ApiClient(
                        trino().clientUri(), trino().accessToken("admin"), trino().sslContext())
                .send("GET", "/v1/query/" + queryId, null, Map.of("X-Trino-User", "admin"));
        assertThat(info.status()).as(info.body()).isEqualTo(200);
        return info.json();
    }

    /** Polls {@code system.runtime.queries} until the query has ended; returns its final state. */
    static String awaitQueryState(String queryId, Duration timeout) throws Exception {
        return Await.until(
                "query " + queryId + " ended",
                timeout,
                () -> {
                    // as the query's owner: Trino shows a user only the queries they own
                    try (Connection connection = trinoConnection("admin");
                            Statement statement = connection.createStatement();
                            ResultSet resultSet = statement.executeQuery(
                                    "SELECT state FROM system.runtime.queries WHERE query_id = '" + queryId + "'")) {
                        return resultSet.next() ? resultSet.getString(1) : null;
                    }
                },
                state -> "FAILED".equals(state) || "FINISHED".equals(state));
    }
}

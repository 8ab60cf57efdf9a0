package io.nexusgateway.controlplane.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.SourceConfigs;
import io.nexusgateway.testing.Await;
import io.nexusgateway.testing.db.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A registered datasource over a fresh test database, removed (with its catalog) on close. */
record QueryFixture(@Nullable TestDatabase database, String id, String catalog, ApiClient api)
        implements AutoCloseable {
    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(5))
            .build();

    /** Trino's generated TPC-H data under a catalog of this test's own. */
    static QueryFixture registerTpch(ApiClient api) {
        String name = "tpch_q_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Response created = api.post("/api/v1/datasources", Map.of("name", name, "type", "tpch"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new QueryFixture(
                null,
                created.json().get("id").asString(),
                created.json().get("catalog").asString(),
                api);
    }

    static QueryFixture register(ApiClient api, TestDatabase database, String type, Map<String, String> properties)
            throws Exception {
        return register(api, database, type, properties, false);
    }

    static QueryFixture register(
            ApiClient api, TestDatabase database, String type, Map<String, String> properties, boolean writable)
            throws Exception {
        Map<String, Object> config = new LinkedHashMap<>(SourceConfigs.of(database));
        config.put("connectionTimeout", 5000);
        if (!properties.isEmpty()) {
            config.put("properties", properties);
        }
        String name =
                type + "_q_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Response created = api.post(
                "/api/v1/datasources",
                Map.of("name", name, "type", type, "writable", writable, "passThrough", true, "config", config));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        awaitSynced(api, created);
        return new QueryFixture(
                database,
                created.json().get("id").asString(),
                created.json().get("catalog").asString(),
                api);
    }

    /** The API answers once the catalog synced or after its request timeout: on a busy machine, wait for the sync. */
    private static void awaitSynced(ApiClient api, Response created) throws Exception {
        String id = created.json().get("id").asString();
        if (!synced(created)) {
            Await.until(
                    "datasource " + id + " synced",
                    java.time.Duration.ofSeconds(60),
                    () -> api.get("/api/v1/datasources/" + id),
                    QueryFixture::synced);
        }
    }

    private static boolean synced(Response datasource) {
        return "SYNCED".equals(datasource.json().get("sync").get("state").asString());
    }

    /** {@code POST /api/v1/query/stream} on this datasource, as {@code accept}; the body is read by the caller. */
    java.net.http.HttpResponse<java.io.InputStream> stream(String sql, String accept, Map<String, Object> extra)
            throws java.io.IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>(extra);
        body.put("dataSourceId", id);
        body.put("sql", sql);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        api.baseUri().resolve("/api/v1/query/stream"))
                .header("Authorization", "Bearer " + api.apiKey())
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .timeout(java.time.Duration.ofMinutes(3))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        return HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofInputStream());
    }

    void seed(String... statements) throws SQLException {
        try (Connection connection = database.openConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Override
    public void close() {
        api.delete("/api/v1/datasources/" + id);
        if (database != null) {
            database.close();
        }
    }

    /** An NDJSON stream read to its end: its row lines, and the last other line (summary or error; the problem if not 200). */
    record Ndjson(long rows, @Nullable JsonNode last) {
        static Ndjson read(HttpResponse<InputStream> response) throws IOException {
            long rows = 0;
            JsonNode last = null;
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                if (response.statusCode() != 200) {
                    return new Ndjson(0, JSON.readTree(reader));
                }
                reader.readLine();
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("[")) {
                        rows++;
                    } else {
                        last = JSON.readTree(line);
                    }
                }
            }
            return new Ndjson(rows, last);
        }
    }
}

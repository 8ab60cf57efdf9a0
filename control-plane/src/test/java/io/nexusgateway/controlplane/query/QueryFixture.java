package io.nexusgateway.controlplane.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.testing.db.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A registered datasource over a fresh test database, removed (with its catalog) on close. */
record QueryFixture(@Nullable TestDatabase database, String id, String catalog, ApiClient api)
        implements AutoCloseable {
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

    static QueryFixture register(ApiClient api, TestDatabase database, String type, Map<String, String> properties) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("host", database.server().host());
        config.put("port", database.server().port());
        config.put("database", database.databaseName());
        config.put("username", database.user());
        config.put("password", database.password());
        config.put("connectionTimeout", 5000);
        if (!properties.isEmpty()) {
            config.put("properties", properties);
        }
        String name =
                type + "_q_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Response created = api.post("/api/v1/datasources", Map.of("name", name, "type", type, "config", config));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("sync").get("state").asString())
                .as(created.body())
                .isEqualTo("SYNCED");
        return new QueryFixture(
                database,
                created.json().get("id").asString(),
                created.json().get("catalog").asString(),
                api);
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
}

package io.nexusgateway.controlplane.datasource;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.AuditRecordContract;
import io.nexusgateway.testing.db.DatabaseServer;
import io.nexusgateway.testing.db.TestDatabase;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;

/** The registry API against a running control plane, whatever its metadata store. */
final class MetadataStoreApiScenario {
    static final String ADMIN_KEY = "metadata-store-key-" + UUID.randomUUID();
    static final String INTERNAL_TOKEN = "internal-" + UUID.randomUUID();

    private MetadataStoreApiScenario() {}

    /** Points the control plane at a fresh database on {@code server}; the caller drops it afterwards. */
    static TestDatabase register(DynamicPropertyRegistry registry, DatabaseServer server) {
        TestDatabase database = server.createDatabase("nexus_store");
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("nexus.sync.enabled", () -> "false");
        registry.add("nexus.security.admin-api-key", () -> ADMIN_KEY);
        registry.add("nexus.security.internal-token", () -> INTERNAL_TOKEN);
        Path directory = Path.of("target", "store-" + UUID.randomUUID()).toAbsolutePath();
        registry.add(
                "nexus.secrets.key-file", () -> directory.resolve("secret.key").toString());
        registry.add(
                "nexus.security.jwt.keys-file",
                () -> directory.resolve("jwt-keys.json").toString());
        return database;
    }

    static void run(int port) {
        ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + port), ADMIN_KEY);
        Response created = api.post(
                "/api/v1/datasources",
                Map.of(
                        "name", "Store Test",
                        "type", "postgresql",
                        "description", "ünïcödé ✓",
                        "config", Map.of("host", "127.0.0.1", "database", "test", "username", "u", "password", "p-1")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.get("id").asString();
        assertThat(body.get("catalog").asString()).isEqualTo("store_test");
        assertThat(body.get("description").asString()).isEqualTo("ünïcödé ✓");
        assertThat(body.get("sync").get("state").asString()).isEqualTo("PENDING");

        Response duplicate = api.post("/api/v1/datasources", Map.of("name", "Store Test", "type", "tpch"));
        assertThat(duplicate.status()).isEqualTo(409);

        Response updated = api.put(
                "/api/v1/datasources/" + id,
                Map.of(
                        "name", "Store Test Renamed",
                        "type", "postgresql",
                        // a new port is a new target: the password must be sent again
                        "config",
                                Map.of(
                                        "host", "127.0.0.1",
                                        "port", 5433,
                                        "database", "test",
                                        "username", "u",
                                        "password", "p-2")),
                Map.of("If-Match", "\"1\""));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(api.put("/api/v1/datasources/" + id, Map.of("name", "x", "type", "tpch"), Map.of("If-Match", "1"))
                        .status())
                .isEqualTo(409);

        JsonNode stored = api.get("/api/v1/datasources/" + id).json();
        assertThat(stored.get("name").asString()).isEqualTo("Store Test Renamed");
        assertThat(stored.get("catalog").asString()).isEqualTo("store_test");
        assertThat(stored.get("config").get("port").asInt()).isEqualTo(5433);
        assertThat(stored.get("config").get("password").asString()).isEqualTo("********");
        assertThat(stored.get("createdAt").asString())
                .isEqualTo(body.get("createdAt").asString());

        assertThat(api.get("/api/v1/datasources?type=postgresql")
                        .json()
                        .get("totalItems")
                        .asLong())
                .isEqualTo(1);
        assertThat(api.delete("/api/v1/datasources/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/datasources/" + id).status()).isEqualTo(404);
        assertThat(api.get("/actuator/health/readiness").body()).contains("\"db\"");

        writableAndPolicy(api);
        auditTrail(api);
        identityAndGrants(api);
    }

    // issue 4: data_sources.writable and the policy Trino fetches
    private static void writableAndPolicy(ApiClient api) {
        Response created = api.post("/api/v1/datasources", Map.of("name", "etl", "type", "tpch", "writable", true));
        assertThat(created.json().get("writable").asBoolean())
                .as(created.body())
                .isTrue();
        String id = created.json().get("id").asString();
        // PUT without writable keeps it
        Response renamed =
                api.put("/api/v1/datasources/" + id, Map.of("name", "etl2", "type", "tpch"), Map.of("If-Match", "1"));
        assertThat(renamed.json().get("writable").asBoolean())
                .as(renamed.body())
                .isTrue();
        Response policy = api.withKey(INTERNAL_TOKEN).get("/internal/v1/policy");
        assertThat(policy.status()).isEqualTo(200);
        assertThat(policy.json().get("catalogs").get(0).get("catalog").asString())
                .isEqualTo("etl");
        assertThat(policy.json().get("catalogs").get(0).get("datasource").asString())
                .isEqualTo("etl2");
        assertThat(policy.json().get("catalogs").get(0).get("writable").asBoolean())
                .isTrue();
        assertThat(api.delete("/api/v1/datasources/" + id).status()).isEqualTo(204);
    }

    // issue 5: users, roles, groups, API keys and grants (with their cascades) on every store
    private static void identityAndGrants(ApiClient api) {
        assertThat(api.get("/api/v1/auth/me").json().get("username").asString()).isEqualTo("admin");
        assertThat(api.post("/api/v1/groups", Map.of("name", "store-analysts")).status())
                .isEqualTo(201);
        Response user = api.post(
                "/api/v1/users",
                Map.of(
                        "username", "store.user",
                        "password", "a long enough password",
                        "displayName", "Störe Üser",
                        "roles", java.util.List.of("user"),
                        "groups", java.util.List.of("store-analysts")));
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        assertThat(api.post("/api/v1/users", Map.of("username", "store.user", "password", "a long enough password"))
                        .status())
                .isEqualTo(409);
        Response token = api.withKey(null)
                .post("/api/v1/auth/token", Map.of("username", "store.user", "password", "a long enough password"));
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        ApiClient asUser = api.withKey(token.json().get("accessToken").asString());
        // a key of one's own expires within nexus.security.api-keys.max-lifetime; microseconds survive every store
        String expiresAt = java.time.Instant.now()
                .plus(java.time.Duration.ofDays(30))
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .plusNanos(123_456_000)
                .toString();
        Response key = asUser.post("/api/v1/api-keys", Map.of("name", "store key", "expiresAt", expiresAt));
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        ApiClient withKey = api.withKey(key.json().get("key").asString());
        assertThat(withKey.get("/api/v1/auth/me").json().get("groups").toString())
                .isEqualTo("[\"store-analysts\"]");
        assertThat(withKey.get("/api/v1/api-keys")
                        .json()
                        .get(0)
                        .get("expiresAt")
                        .asString())
                .isEqualTo(expiresAt);

        Response datasource = api.post("/api/v1/datasources", Map.of("name", "granted", "type", "tpch"));
        String id = datasource.json().get("id").asString();
        assertThat(api.post("/api/v1/datasources/" + id + "/grants", Map.of("user", "store.user"))
                        .status())
                .isEqualTo(201);
        assertThat(api.post("/api/v1/datasources/" + id + "/grants", Map.of("group", "store-analysts"))
                        .status())
                .isEqualTo(201);
        assertThat(api.post("/api/v1/datasources/" + id + "/grants", Map.of("user", "store.user"))
                        .status())
                .isEqualTo(200);
        assertThat(withKey.get("/api/v1/datasources").json().get("totalItems").asLong())
                .isEqualTo(1);
        JsonNode policy = api.withKey(INTERNAL_TOKEN).get("/internal/v1/policy").json();
        JsonNode granted = policy.get("catalogs")
                .valueStream()
                .filter(node -> node.get("catalog").asString().equals("granted"))
                .findFirst()
                .orElseThrow();
        assertThat(granted.get("users").toString()).isEqualTo("[\"store.user\"]");
        assertThat(granted.get("groups").toString()).isEqualTo("[\"store-analysts\"]");

        // revoking the key and deleting the group, the datasource and the user cascade on every store
        String keyId = key.json().get("id").asString();
        assertThat(withKey.delete("/api/v1/api-keys/" + keyId).status()).isEqualTo(200);
        assertThat(withKey.get("/api/v1/auth/me").status()).isEqualTo(401);
        assertThat(api.delete("/api/v1/groups/store-analysts").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/datasources/" + id + "/grants").json().size())
                .isEqualTo(1);
        assertThat(api.delete("/api/v1/datasources/" + id).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/users/store.user").status()).isEqualTo(204);
        assertThat(asUser.get("/api/v1/auth/me").status()).isEqualTo(401);
        assertThat(api.get("/api/v1/api-keys?user=store.user").json().size()).isZero();
    }

    // issue 4: query_audit stores each query once and searches on every store
    private static void auditTrail(ApiClient api) {
        Map<String, Object> record = AuditRecordContract.minimalRecord("20260101_000000_00001_store", "ünï");
        record.put("client", "CLI");
        record.put("source", "trino-cli");
        record.put("query", "SELECT 'ünïcödé ✓' -- 100%_done");
        record.put("catalogs", java.util.List.of("store_test"));
        record.put("inputs", java.util.List.of("store_test.public.a", "store_test.public.b"));
        record.put("rowsOut", 3);
        record.put("startTime", "2026-01-01T00:00:00.123456Z");
        record.put("endTime", "2026-01-01T00:00:01Z");
        ApiClient trino = api.withKey(INTERNAL_TOKEN);
        assertThat(trino.post("/internal/v1/audit", java.util.List.of(record))
                        .json()
                        .get("stored")
                        .asInt())
                .isEqualTo(1);
        assertThat(trino.post("/internal/v1/audit", java.util.List.of(record))
                        .json()
                        .get("stored")
                        .asInt())
                .isZero();
        JsonNode page = api.get("/api/v1/audit?datasource=store_test&text=100%25_DONE&from=2026-01-01T00:00:00Z")
                .json();
        assertThat(page.get("totalItems").asLong()).as(page.toString()).isEqualTo(1);
        JsonNode stored = page.get("items").get(0);
        assertThat(stored.get("query").asString()).isEqualTo("SELECT 'ünïcödé ✓' -- 100%_done");
        assertThat(stored.get("inputs").size()).isEqualTo(2);
        assertThat(stored.get("startTime").asString()).isEqualTo("2026-01-01T00:00:00.123456Z");
        assertThat(api.get("/api/v1/audit?text=100%25x")
                        .json()
                        .get("totalItems")
                        .asLong())
                .isZero();
    }
}

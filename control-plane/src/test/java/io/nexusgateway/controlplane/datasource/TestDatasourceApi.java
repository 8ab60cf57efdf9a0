package io.nexusgateway.controlplane.datasource;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

final class TestDatasourceApi extends NexusIntegrationTest {
    @Test
    void testCreateReturnsStoredDatasourceWithMaskedPasswordAndSyncedCatalog() {
        String name = unique("Sample Data");
        Response created =
                api().post("/api/v1/datasources", Map.of("name", name, "type", "tpch", "description", "generated"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.get("id").asString()).hasSize(36);
        assertThat(body.get("name").asString()).isEqualTo(name);
        assertThat(body.get("catalog").asString()).isEqualTo(name.toLowerCase().replace(' ', '_'));
        assertThat(body.get("status").asString()).isEqualTo("active");
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(body.get("sync").get("state").asString()).isEqualTo("SYNCED");
        assertThat(created.header("Location"))
                .endsWith("/api/v1/datasources/" + body.get("id").asString());
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void testPasswordIsMaskedAndKeptWhenAbsentOnUpdate() {
        Map<String, Object> config = mariadbConfig("s3cret-never-shown");
        Response created = api().post(
                        "/api/v1/datasources",
                        Map.of("name", unique("maria"), "type", "mariadb", "status", "inactive", "config", config));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("s3cret-never-shown");
        JsonNode body = created.json();
        assertThat(body.get("config").get("password").asString()).isEqualTo("********");
        String id = body.get("id").asString();

        // same connection target: no password needed (a new target needs it again: TestDatasourceSecretSafety)
        Map<String, Object> withoutPassword = new LinkedHashMap<>(config);
        withoutPassword.remove("password");
        withoutPassword.put("timezone", "UTC");
        Response updated = api().put(
                        "/api/v1/datasources/" + id,
                        Map.of(
                                "name",
                                body.get("name").asString(),
                                "type",
                                "mariadb",
                                "status",
                                "inactive",
                                "config",
                                withoutPassword),
                        Map.of("If-Match", "\"1\""));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("config").get("password").asString()).isEqualTo("********");
        assertThat(updated.json().get("config").get("timezone").asString()).isEqualTo("UTC");
        assertThat(updated.json().get("version").asLong()).isEqualTo(2);
        assertThat(updated.json().get("catalog").asString())
                .isEqualTo(body.get("catalog").asString());
        assertThat(api().get("/api/v1/datasources/" + id).body()).doesNotContain("s3cret-never-shown");
    }

    @Test
    void testStaleUpdateIsRejectedAndNothingIsLost() {
        String name = unique("pg");
        Response created = api().post(
                        "/api/v1/datasources",
                        Map.of(
                                "name",
                                name,
                                "type",
                                "postgresql",
                                "status",
                                "inactive",
                                "config",
                                Map.of("host", "127.0.0.1", "port", 5432, "database", "test", "username", "postgres")));
        String id = created.json().get("id").asString();
        Map<String, Object> change = Map.of(
                "name",
                name,
                "type",
                "postgresql",
                "status",
                "inactive",
                "description",
                "first",
                "config",
                Map.of("host", "127.0.0.1", "port", 5432, "database", "test", "username", "postgres"));
        assertThat(api().put("/api/v1/datasources/" + id, change, Map.of("If-Match", "1"))
                        .status())
                .isEqualTo(200);

        Response stale = api().put(
                        "/api/v1/datasources/" + id,
                        Map.of(
                                "name",
                                name,
                                "type",
                                "postgresql",
                                "description",
                                "second",
                                "config",
                                Map.of("host", "10.0.0.1", "database", "other", "username", "x")),
                        Map.of("If-Match", "\"1\""));
        assertProblem(stale, 409, "VERSION_CONFLICT");
        Response missingVersion = api().put("/api/v1/datasources/" + id, change, Map.of());
        assertProblem(missingVersion, 428, "VERSION_REQUIRED");

        JsonNode stored = api().get("/api/v1/datasources/" + id).json();
        assertThat(stored.get("description").asString()).isEqualTo("first");
        assertThat(stored.get("config").get("host").asString()).isEqualTo("127.0.0.1");
        assertThat(stored.get("version").asLong()).isEqualTo(2);
    }

    static List<Arguments> refusedCreates() {
        Map<String, Object> reservedProperty =
                Map.of("host", "127.0.0.1", "username", "root", "properties", Map.of("connection-password", "leak"));
        return List.of(
                refused("an unknown type", Map.of("type", "cassandra-ish"), 422, "UNKNOWN_DATASOURCE_TYPE", null),
                refused(
                        "no host",
                        Map.of("type", "mariadb", "config", Map.of("username", "root")),
                        422,
                        "VALIDATION_FAILED",
                        "config.host"),
                refused(
                        "a port out of range",
                        Map.of(
                                "type",
                                "mariadb",
                                "config",
                                Map.of("host", "127.0.0.1", "port", 70000, "username", "root")),
                        422,
                        "VALIDATION_FAILED",
                        "config.port"),
                Arguments.of(
                        "a name that makes no catalog name",
                        Map.of("name", "!!!", "type", "tpch"),
                        422,
                        "INVALID_CATALOG_NAME",
                        null),
                Arguments.of("malformed JSON", "{\"name\": \"broken\", ", 400, "MALFORMED_REQUEST", null),
                refused(
                        "a property Nexus sets itself",
                        Map.of("type", "mariadb", "config", reservedProperty),
                        422,
                        "VALIDATION_FAILED",
                        null));
    }

    /** A create of a datasource with a fresh name and these other fields. */
    private static Arguments refused(
            String what, Map<String, Object> fields, int status, String code, @Nullable String errorField) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("name", unique("x"));
        return Arguments.of(what, body, status, code, errorField);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedCreates")
    void testBadInputGetsAProblemAndStoresNothing(
            String what, Object body, int status, String code, @Nullable String errorField) {
        long before = datasourceCount();
        Response refused = api().post("/api/v1/datasources", body);
        assertProblem(refused, status, code);
        if (errorField != null) {
            assertThat(refused.json().get("errors").toString()).contains(errorField);
        }
        assertThat(datasourceCount()).isEqualTo(before);
    }

    @Test
    void testATakenNameAndUnknownIdsGetProblems() {
        String name = unique("dup");
        assertThat(api().post("/api/v1/datasources", Map.of("name", name, "type", "tpch", "status", "inactive"))
                        .status())
                .isEqualTo(201);
        long before = datasourceCount();
        assertProblem(
                api().post("/api/v1/datasources", Map.of("name", name, "type", "tpch")),
                409,
                "DATASOURCE_NAME_CONFLICT");
        assertProblem(
                api().get("/api/v1/datasources/6f1c1a52-36a4-4d0a-9a43-1b1bb0e7a111"), 404, "DATASOURCE_NOT_FOUND");
        assertProblem(api().get("/api/v1/datasources/not-a-uuid"), 400, "MALFORMED_REQUEST");
        assertProblem(
                api().delete("/api/v1/datasources/6f1c1a52-36a4-4d0a-9a43-1b1bb0e7a111"), 404, "DATASOURCE_NOT_FOUND");
        assertThat(datasourceCount()).isEqualTo(before);
    }

    private static long datasourceCount() {
        return api().get("/api/v1/datasources?size=500")
                .json()
                .get("totalItems")
                .asLong();
    }

    @Test
    void testAuthenticationErrorsAreProblems() {
        ApiClient anonymous = api().withKey(null);
        assertProblem(anonymous.get("/api/v1/datasources"), 401, "UNAUTHENTICATED");
        assertProblem(api().withKey("wrong-key-wrong-key").get("/api/v1/datasources"), 401, "UNAUTHENTICATED");
        // the admin key does not open the internal secrets endpoint
        assertProblem(
                api().get("/internal/v1/secrets/datasource.6f1c1a52-36a4-4d0a-9a43-1b1bb0e7a111.password"),
                401,
                "UNAUTHENTICATED");
        Response health = anonymous.get("/actuator/health/readiness");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("components").get("trino").get("status").asString())
                .isEqualTo("UP");
        assertThat(health.json().get("components").get("db").get("status").asString())
                .isEqualTo("UP");
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @Test
    void testListFiltersAndPages() {
        String prefix = unique("page");
        for (int i = 0; i < 3; i++) {
            api().post("/api/v1/datasources", Map.of("name", prefix + "_" + i, "type", "tpch", "status", "inactive"));
        }
        JsonNode page = api().get("/api/v1/datasources?type=tpch&status=inactive&size=2&page=0")
                .json();
        assertThat(page.get("size").asInt()).isEqualTo(2);
        assertThat(page.get("items").size()).isEqualTo(2);
        assertThat(page.get("totalItems").asLong()).isGreaterThanOrEqualTo(3);
        for (JsonNode item : page.get("items")) {
            assertThat(item.get("type").asString()).isEqualTo("tpch");
            assertThat(item.get("status").asString()).isEqualTo("inactive");
        }
        assertProblem(api().get("/api/v1/datasources?size=0"), 422, "VALIDATION_FAILED");
    }

    @Test
    void testDatasourceTypesDescribeForms() {
        JsonNode types = api().get("/api/v1/datasource-types").json();
        List<String> names = new java.util.ArrayList<>();
        types.forEach(type -> names.add(type.get("type").asString()));
        assertThat(names).contains("mysql", "mariadb", "postgresql", "oracle", "tpch");
        JsonNode mariadb = null;
        for (JsonNode type : types) {
            if (type.get("type").asString().equals("mariadb")) {
                mariadb = type;
            }
        }
        assertThat(mariadb).isNotNull();
        assertThat(mariadb.get("connector").asString()).isEqualTo("mariadb");
        assertThat(mariadb.get("fields").toString()).contains("\"host\"", "\"port\"", "\"password\"");
    }

    @Test
    void testOpenApiDocumentsEveryEndpoint() {
        Response docs = api().withKey(null).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body())
                .contains(
                        "/api/v1/datasources",
                        "/api/v1/datasources/{id}/test",
                        "/api/v1/datasource-types",
                        "/api/v1/catalogs",
                        "/api/v1/catalogs/sync");
        assertThat(docs.body()).doesNotContain("/internal/v1/secrets");
        assertThat(api().withKey(null).get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    static Map<String, Object> mariadbConfig(String password) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("host", "127.0.0.1");
        config.put("port", 3306);
        config.put("database", "test");
        config.put("username", "root");
        config.put("password", password);
        return config;
    }
}

package io.nexusgateway.controlplane.datasource;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.ControlPlaneTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12, items 2 and 3: no datasource setting may make Trino resolve a secret reference ({@code ${nexus:...}},
 * {@code ${ENV:...}}, {@code ${FILE:...}}), and a stored password never follows a datasource to a new target.
 */
final class TestDatasourceSecretSafety extends ControlPlaneTest {
    private static final String DATASOURCES = "/api/v1/datasources";

    @Test
    void testNoSettingMayHoldASecretReferenceOnCreate() {
        long before = total();
        int refused = 0;
        for (JsonNode type : admin().get("/api/v1/datasource-types").json()) {
            String typeName = type.get("type").asString();
            for (JsonNode field : type.get("fields")) {
                for (Map<String, Object> hostile : hostileConfigs(typeName, field)) {
                    Response response = admin().post(DATASOURCES, body(unique("ref"), typeName, hostile));
                    assertRefused(response, typeName, field, hostile);
                    refused++;
                }
            }
        }
        assertThat(refused).as("every field of every type").isGreaterThanOrEqualTo(5 * 12 * 3);
        assertThat(total()).as("nothing stored").isEqualTo(before);
    }

    @Test
    void testAnUpdateWithASecretReferenceChangesNothing() {
        for (JsonNode type : admin().get("/api/v1/datasource-types").json()) {
            String typeName = type.get("type").asString();
            String name = unique("upd");
            Response created = admin().post(DATASOURCES, body(name, typeName, validConfig(typeName)));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().get("id").asString();
            String stored = admin().get(DATASOURCES + "/" + id).body();
            String secret = typeName.equals("tpch") ? null : storedPassword(id);
            for (JsonNode field : type.get("fields")) {
                for (Map<String, Object> hostile : hostileConfigs(typeName, field)) {
                    if (!field.get("name").asString().equals("password")) {
                        hostile.remove("password"); // keep the stored one, as an attacker would
                    }
                    Response response = admin().put(
                                    DATASOURCES + "/" + id, body(name, typeName, hostile), Map.of("If-Match", "\"1\""));
                    assertRefused(response, typeName, field, hostile);
                }
            }
            assertThat(admin().get(DATASOURCES + "/" + id).body())
                    .as(typeName + ": nothing stored changed")
                    .isEqualTo(stored);
            if (secret != null) {
                assertThat(storedPassword(id)).isEqualTo(secret);
            }
        }
    }

    @Test
    void testAPasswordMayHoldDollarBraceButNoReference() {
        // Trino's connector interpolates ${ENV:...} again in the password its secrets provider returns: such a
        // password would send Trino's environment to the source (TestSecretsAtRest shows it against Trino)
        for (String reference : references()) {
            Map<String, Object> config = validConfig("mariadb");
            config.put("password", "p" + reference);
            Response refused = admin().post(DATASOURCES, body(unique("pw"), "mariadb", config));
            assertProblem(refused, 400, "SECRET_REFERENCE_NOT_ALLOWED");
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("config.password");
            assertThat(refused.body()).doesNotContain(reference);
        }

        // '${' without a closing '}' or without a name: nothing Trino resolves
        String literal = "${} $${x ${Tr0ub4dor:3";
        Map<String, Object> config = validConfig("mariadb");
        config.put("password", literal);
        String name = unique("pw");
        Response created = admin().post(DATASOURCES, body(name, "mariadb", config));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(literal);
        String id = created.json().get("id").asString();
        // stored as the literal password: only its own reference reaches Trino, which resolves it to this text
        assertThat(storedPassword(id)).isEqualTo(literal);

        config.put("password", "${ENV:HOME}");
        Response refusedUpdate =
                admin().put(DATASOURCES + "/" + id, body(name, "mariadb", config), Map.of("If-Match", "1"));
        assertProblem(refusedUpdate, 400, "SECRET_REFERENCE_NOT_ALLOWED");
        assertThat(storedPassword(id)).isEqualTo(literal);
    }

    @Test
    void testRepointingADatasourceRequiresThePassword() throws Exception {
        try (RecordingPostgresServer attacker = RecordingPostgresServer.start()) {
            String original = "stored-" + UUID.randomUUID();
            Map<String, Object> config = validConfig("postgresql");
            config.put("password", original);
            String name = unique("repoint");
            Response created = admin().post(DATASOURCES, body(name, "postgresql", config));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().get("id").asString();
            String stored = admin().get(DATASOURCES + "/" + id).body();
            config.remove("password");

            Map<String, Map<String, Object>> repointed = new LinkedHashMap<>();
            repointed.put("config.port", with(config, "port", attacker.port()));
            repointed.put("config.host", with(config, "host", "localhost"));
            repointed.put("config.database", with(config, "database", "elsewhere"));
            repointed.put("config.ssl", with(config, "ssl", true));
            repointed.put(
                    "config.properties.ssl-trust-store",
                    with(config, "properties", Map.of("ssl-trust-store", "/tmp/attacker.jks")));
            for (Map.Entry<String, Map<String, Object>> change : repointed.entrySet()) {
                Response refused = admin().put(
                                DATASOURCES + "/" + id,
                                body(name, "postgresql", change.getValue()),
                                Map.of("If-Match", "\"1\""));
                assertProblem(refused, 400, "PASSWORD_REQUIRED");
                assertThat(refused.json().get("errors").get(0).get("field").asString())
                        .isEqualTo("config.password");
                assertThat(refused.json().get("changedFields").toString()).contains(change.getKey());
                assertThat(refused.body()).doesNotContain(original);
            }
            assertThat(admin().get(DATASOURCES + "/" + id).body()).isEqualTo(stored);
            assertThat(storedPassword(id)).isEqualTo(original);

            // the connection test still goes where the password belongs
            Response tested = admin().post(DATASOURCES + "/" + id + "/test", Map.of());
            assertThat(tested.status()).as(tested.body()).isEqualTo(200);
            assertThat(attacker.connections()).isZero();

            // an unchanged target keeps the stored password
            Map<String, Object> described = body(name, "postgresql", config);
            described.put("description", "same place");
            Response kept = admin().put(DATASOURCES + "/" + id, described, Map.of("If-Match", "\"1\""));
            assertThat(kept.status()).as(kept.body()).isEqualTo(200);
            assertThat(storedPassword(id)).isEqualTo(original);

            // sending the password again repoints it: what reaches the new server is what was sent with the change
            Map<String, Object> withPassword = with(config, "port", attacker.port());
            withPassword.put("password", "for-the-new-server");
            Response moved = admin().put(
                            DATASOURCES + "/" + id,
                            body(name, "postgresql", withPassword),
                            Map.of("If-Match", "\"2\""));
            assertThat(moved.status()).as(moved.body()).isEqualTo(200);
            assertThat(admin().post(DATASOURCES + "/" + id + "/test", Map.of()).status())
                    .isEqualTo(200);
            assertThat(attacker.connections()).isEqualTo(1);
            assertThat(attacker.passwords()).containsExactly("for-the-new-server");
        }
    }

    /** One config per secret reference with {@code field} set to it; the rest is valid for the type. */
    private static List<Map<String, Object>> hostileConfigs(String type, JsonNode field) {
        String name = field.get("name").asString();
        List<Map<String, Object>> configs = new ArrayList<>();
        for (String reference : references()) {
            Map<String, Object> config = validConfig(type);
            if (field.get("type").asString().equals("object")) {
                config.put(name, Map.of("case-insensitive-name-matching", reference));
                configs.add(config);
                Map<String, Object> byKey = validConfig(type);
                byKey.put(name, Map.of(reference, "true"));
                configs.add(byKey);
            } else {
                // a password may hold '${' (testAPasswordMayHoldDollarBraceButNoReference), not a reference
                config.put(name, reference);
                configs.add(config);
            }
        }
        return configs;
    }

    private static void assertRefused(Response response, String type, JsonNode field, Map<String, Object> config) {
        String name = field.get("name").asString();
        String description = type + " config." + name + " = " + config.get(name);
        assertThat(response.status()).as(description + ": " + response.body()).isIn(400, 422);
        assertThat(response.contentType()).as(description).startsWith("application/problem+json");
        for (String reference : references()) {
            assertThat(response.body()).as(description + ": never echoed").doesNotContain(reference);
        }
        String fieldType = field.get("type").asString();
        if (fieldType.equals("string") || fieldType.equals("object")) {
            // a text setting: refused as what it is, naming the field
            assertThat(response.json().get("code").asString())
                    .as(description)
                    .isEqualTo("SECRET_REFERENCE_NOT_ALLOWED");
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("errors").get(0).get("field").asString())
                    .as(description)
                    .startsWith("config." + name);
        }
    }

    private static List<String> references() {
        return List.of(
                "${nexus:datasource.6f1c1a52-36a4-4d0a-9a43-1b1bb0e7a111.password}",
                "${ENV:HOME}",
                "${FILE:/etc/passwd}");
    }

    private static Map<String, Object> validConfig(String type) {
        return switch (type) {
            case "mysql", "mariadb" -> server(3306, "test", "root");
            case "postgresql" -> server(5432, "postgres", "postgres");
            case "oracle" -> server(1521, "FREEPDB1", "system");
            case "tpch" -> new LinkedHashMap<>();
            default -> throw new AssertionError("no valid config for a new type " + type + ": add one here");
        };
    }

    private static Map<String, Object> server(int port, String database, String username) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("host", "127.0.0.1");
        config.put("port", port);
        config.put("database", database);
        config.put("username", username);
        config.put("password", "stored-password");
        return config;
    }

    private static Map<String, Object> body(String name, String type, Map<String, Object> config) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", type);
        body.put("status", "inactive");
        body.put("config", config);
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> config, String key, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(config);
        changed.put(key, value);
        return changed;
    }

    /** What Trino's secrets provider would get for this datasource's reference. */
    private String storedPassword(String id) {
        Response secret = internal().get("/internal/v1/secrets/datasource." + id + ".password");
        assertThat(secret.status()).as(secret.body()).isEqualTo(200);
        return secret.body();
    }

    private long total() {
        return admin().get(DATASOURCES + "?size=500").json().get("totalItems").asLong();
    }
}

package io.nexusgateway.controlplane.web;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.ControlPlaneTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Hostile and malformed values (issue 12): a problem naming the field, never a 500, an echo or a stored bad value. */
final class TestBadInput extends ControlPlaneTest {
    // a key of one's own must expire within nexus.security.api-keys.max-lifetime
    private static final String SOON =
            java.time.Instant.now().plus(java.time.Duration.ofDays(30)).toString();

    private static final String MEGABYTE = "x".repeat(1 << 20);

    @Test
    void testPagesFarBeyondTheEndAreEmptyNotAnOverflow() {
        for (String path : List.of("/api/v1/datasources", "/api/v1/audit")) {
            Response page = admin().get(path + "?page=2147483647&size=500");
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.json().get("items").isEmpty()).isTrue();
            assertThat(page.json().get("page").asInt()).isEqualTo(Integer.MAX_VALUE);
        }
        assertProblem(admin().get("/api/v1/datasources?page=99999999999"), 400, "MALFORMED_REQUEST");
    }

    @Test
    void testApiKeyExpiryMustBeAStorableInstant() {
        Response farFuture = admin().post(
                        "/api/v1/api-keys", Map.of("name", unique("far"), "expiresAt", "+999999999-12-31T23:59:59Z"));
        assertProblem(farFuture, 400, "INVALID_IDENTITY_REQUEST");
        assertThat(farFuture.json().get("detail").asString()).contains("expiresAt");

        // a service account's key (an admin's for another user) is not bound by the key lifetime
        String service = unique("svc");
        Response user = admin().post(
                        "/api/v1/users", Map.of("username", service, "password", PASSWORD, "roles", List.of("user")));
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        Response lastStorable = admin().post(
                        "/api/v1/api-keys",
                        Map.of("name", unique("last"), "user", service, "expiresAt", "9999-12-31T23:59:59Z"));
        assertThat(lastStorable.status()).as(lastStorable.body()).isEqualTo(201);

        Response notAnInstant =
                admin().post("/api/v1/api-keys", Map.of("name", unique("bad"), "expiresAt", "next tuesday"));
        assertProblem(notAnInstant, 400, "MALFORMED_REQUEST");
        assertThat(notAnInstant.json().get("field").asString()).isEqualTo("expiresAt");
    }

    @Test
    void testStreamAnswersOnlyWhatTheClientAccepts() {
        for (String accept :
                List.of(";;;q=x/", "text/html", "image/png, application/xml", "application/x-ndjson;q=0")) {
            Response refused =
                    admin().send("POST", "/api/v1/query/stream", "{\"sql\": \"SELECT 1\"}", Map.of("Accept", accept));
            assertProblem(refused, 406, "NOT_ACCEPTABLE");
        }
        // what it can answer is negotiated, then the query runs: no Trino listens for these tests
        for (String accept : List.of("*/*", "application/x-ndjson", "text/csv", "text/html, text/csv;q=0.5")) {
            Response accepted =
                    admin().send("POST", "/api/v1/query/stream", "{\"sql\": \"SELECT 1\"}", Map.of("Accept", accept));
            assertProblem(accepted, 503, "TRINO_UNAVAILABLE");
        }
    }

    @Test
    void testNoProblemEchoesAWholeInput() {
        List<Response> answers = List.of(
                admin().post("/api/v1/datasources", Map.of("name", unique("echo"), "type", MEGABYTE)),
                admin().post("/api/v1/datasources", Map.of("name", "9" + MEGABYTE, "type", "tpch")),
                admin().post(
                                "/api/v1/datasources",
                                Map.of(
                                        "name",
                                        unique("echo"),
                                        "type",
                                        "tpch",
                                        "config",
                                        Map.of("properties", Map.of(MEGABYTE, "v")))),
                admin().post("/api/v1/users", Map.of("username", MEGABYTE, "password", PASSWORD)),
                admin().post(
                                "/api/v1/users",
                                Map.of("username", unique("u"), "password", PASSWORD, "roles", List.of(MEGABYTE))),
                admin().post(
                                "/api/v1/users",
                                Map.of("username", unique("u"), "password", PASSWORD, "groups", List.of(MEGABYTE))),
                admin().post("/api/v1/groups", Map.of("name", MEGABYTE)),
                admin().post("/api/v1/api-keys", Map.of("name", unique("k"), "user", MEGABYTE)),
                admin().post(
                                "/api/v1/query",
                                Map.of("sql", "SELECT ?", "parameters", List.of(Map.of("type", MEGABYTE, "value", 1)))),
                admin().post(
                                "/api/v1/datasources",
                                "{\"name\": \"n\", \"config\": {\"" + MEGABYTE + "\": {}, \"port\": {}}}"),
                admin().post("/api/v1/datasources", "{\"" + MEGABYTE + "\": 1, \"name\": [1]}"));
        for (Response answer : answers) {
            assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body().length()).as(answer.body()).isLessThan(4_000);
            assertThat(answer.body()).doesNotContain("x".repeat(201));
        }
    }

    @Test
    void testWrongTypesNameTheField() {
        Response fractionalPort = admin().post(
                        "/api/v1/datasources",
                        "{\"name\": \"" + unique("frac") + "\", \"type\": \"mariadb\", \"config\": {\"host\":"
                                + " \"127.0.0.1\", \"port\": 3306.5, \"database\": \"test\", \"username\": \"r\"}}");
        assertProblem(fractionalPort, 400, "MALFORMED_REQUEST");
        assertThat(fractionalPort.json().get("field").asString()).isEqualTo("config.port");
        assertThat(fractionalPort.json().get("detail").asString()).contains("config.port", "an integer");

        Response textTimeout = admin().post(
                        "/api/v1/datasources",
                        "{\"name\": \"n\", \"type\": \"tpch\", \"config\": {\"connectionTimeout\": \"soon\"}}");
        assertProblem(textTimeout, 400, "MALFORMED_REQUEST");
        assertThat(textTimeout.json().get("field").asString()).isEqualTo("config.connectionTimeout");

        Response listAsRoles =
                admin().post("/api/v1/users", "{\"username\": \"u\", \"roles\": [\"user\", {\"a\": 1}]}");
        assertProblem(listAsRoles, 400, "MALFORMED_REQUEST");
        assertThat(listAsRoles.json().get("field").asString()).isEqualTo("roles[1]");

        assertThat(admin().get("/api/v1/datasources?size=500").body()).doesNotContain("frac-");
    }

    @Test
    void testControlCharactersAndLoneSurrogatesAreNeverStored() {
        for (String name :
                List.of("zq-nul\\u0000", "zq-esc\\u001b[31m", "zq-lone\\ud800", "zq-low\\udc00", "zq-line\\nbreak")) {
            Response refused =
                    admin().post("/api/v1/api-keys", "{\"name\": \"" + name + "\", \"expiresAt\": \"" + SOON + "\"}");
            assertProblem(refused, 400, "INVALID_IDENTITY_REQUEST");
            assertThat(refused.json().get("detail").asString()).startsWith("name ");
        }
        Response pair = admin().post(
                        "/api/v1/api-keys",
                        "{\"name\": \"emoji \\ud83d\\ude00 key\", \"expiresAt\": \"" + SOON + "\"}");
        assertThat(pair.status()).as(pair.body()).isEqualTo(201);
        Response keys = admin().get("/api/v1/api-keys");
        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.body()).doesNotContain("zq-");
        assertThat(keys.json().findValuesAsString("name")).contains("emoji \uD83D\uDE00 key");

        assertProblem(
                admin().post(
                                "/api/v1/users",
                                "{\"username\": \"" + unique("u") + "\", \"password\": \"" + PASSWORD
                                        + "\", \"displayName\": \"Eve\\u001b]0;pwned\\u0007\"}"),
                400,
                "INVALID_IDENTITY_REQUEST");
        assertProblem(
                admin().post("/api/v1/groups", "{\"name\": \"" + unique("g") + "\", \"description\": \"a\\u0000b\"}"),
                400,
                "INVALID_IDENTITY_REQUEST");
        Response multiLine = admin().post(
                        "/api/v1/groups",
                        "{\"name\": \"" + unique("g") + "\", \"description\": \"line one\\nline two\\tend\"}");
        assertThat(multiLine.status()).as(multiLine.body()).isEqualTo(201);
    }

    @Test
    void testDatasourceStringsAreOneLineOfValidText() {
        Map<String, String> configs = Map.of(
                "config.database",
                "\"host\": \"127.0.0.1\", \"database\": \"test\\nextra\", \"username\": \"reader\"",
                "config.username",
                "\"host\": \"127.0.0.1\", \"database\": \"test\", \"username\": \"reader\\u0000\"",
                "config.password",
                "\"host\": \"127.0.0.1\", \"database\": \"test\", \"username\": \"reader\","
                        + " \"password\": \"s3cret\\ud800\"",
                "config.properties.case-insensitive-name-matching",
                "\"host\": \"127.0.0.1\", \"database\": \"test\", \"username\": \"reader\", \"properties\":"
                        + " {\"case-insensitive-name-matching\": \"true\\r\\nx=y\"}");
        configs.forEach((field, config) -> {
            String name = unique("strict");
            Response refused = admin().post(
                            "/api/v1/datasources",
                            "{\"name\": \"" + name + "\", \"type\": \"mariadb\", \"status\": \"inactive\","
                                    + " \"config\": {" + config + "}}");
            assertProblem(refused, 422, "VALIDATION_FAILED");
            List<String> fields = refused.json().get("errors").findValuesAsString("field");
            assertThat(fields).as(refused.body()).contains(field);
            assertThat(admin().get("/api/v1/datasources?size=500").body()).doesNotContain(name);
        });
        Response description = admin().post(
                        "/api/v1/datasources",
                        "{\"name\": \"" + unique("strict") + "\", \"type\": \"tpch\", \"description\": \"\\u0007\"}");
        assertProblem(description, 422, "VALIDATION_FAILED");
        JsonNode error = description.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo("description");
    }
}

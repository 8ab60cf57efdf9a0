package io.nexusgateway.controlplane.datasource;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.AuditRecordContract;
import io.nexusgateway.controlplane.support.ControlPlaneTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Grants over HTTP, and what a user sees because of them: only granted datasources (directly or through a group),
 * 404 for the rest exactly as for a missing one, 403 on admin endpoints, only their own audit records.
 */
final class TestGrantsAndAuthorization extends ControlPlaneTest {
    @Test
    void testGrantsCrud() {
        String datasource = createDatasource();
        String user = newUser(List.of("user"), List.of());
        String group = createGroup();
        String path = "/api/v1/datasources/" + datasource + "/grants";

        Response granted = admin().post(path, Map.of("user", user));
        assertThat(granted.status()).as(granted.body()).isEqualTo(201);
        assertThat(granted.json().get("user").asString()).isEqualTo(user);
        assertThat(granted.json().get("group").isNull()).isTrue();
        // granting again is a no-op, answered 200
        assertThat(admin().post(path, Map.of("user", user)).status()).isEqualTo(200);
        assertThat(admin().post(path, Map.of("group", group)).status()).isEqualTo(201);

        JsonNode list = admin().get(path).json();
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.get(0).get("user").asString()).isEqualTo(user);
        assertThat(list.get(1).get("group").asString()).isEqualTo(group);

        assertProblem(admin().post(path, Map.of("user", user, "group", group)), 400, "INVALID_GRANT");
        assertProblem(admin().post(path, Map.of()), 400, "INVALID_GRANT");
        assertProblem(admin().post(path, Map.of("user", unique("ghost"))), 404, "USER_NOT_FOUND");
        assertProblem(admin().post(path, Map.of("group", unique("ghost"))), 404, "GROUP_NOT_FOUND");
        assertProblem(
                admin().post("/api/v1/datasources/" + UUID.randomUUID() + "/grants", Map.of("user", user)),
                404,
                "DATASOURCE_NOT_FOUND");

        // a user may not manage grants, not even see them
        ApiClient asUser = loggedIn(user);
        assertProblem(asUser.get(path), 403, "FORBIDDEN");
        assertProblem(asUser.post(path, Map.of("user", user)), 403, "FORBIDDEN");
        assertProblem(asUser.delete(path + "?user=" + user), 403, "FORBIDDEN");

        assertThat(admin().delete(path + "?user=" + user).status()).isEqualTo(204);
        assertProblem(admin().delete(path + "?user=" + user), 404, "GRANT_NOT_FOUND");
        assertThat(admin().get(path).json().size()).isEqualTo(1);

        // grants go with their datasource
        assertThat(admin().delete("/api/v1/datasources/" + datasource).status()).isEqualTo(204);
        assertProblem(admin().get(path), 404, "DATASOURCE_NOT_FOUND");
    }

    @Test
    void testUserSeesOnlyGrantedDatasources() {
        String group = createGroup();
        String direct = createDatasource();
        String viaGroup = createDatasource();
        String hidden = createDatasource();
        String user = newUser(List.of("user"), List.of(group));
        admin().post("/api/v1/datasources/" + direct + "/grants", Map.of("user", user));
        admin().post("/api/v1/datasources/" + viaGroup + "/grants", Map.of("group", group));
        ApiClient asUser = loggedIn(user);

        JsonNode page = asUser.get("/api/v1/datasources?size=500").json();
        List<String> ids = page.get("items")
                .valueStream()
                .map(item -> item.get("id").asString())
                .toList();
        assertThat(ids).containsExactlyInAnyOrder(direct, viaGroup);
        assertThat(page.get("totalItems").asLong()).isEqualTo(2);
        assertThat(asUser.get("/api/v1/datasources?size=1&page=1")
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
        // the admin sees all three (and whatever else the other tests made)
        List<String> all = admin().get("/api/v1/datasources?size=500")
                .json()
                .get("items")
                .valueStream()
                .map(item -> item.get("id").asString())
                .toList();
        assertThat(all).contains(direct, viaGroup, hidden);

        assertThat(asUser.get("/api/v1/datasources/" + direct).status()).isEqualTo(200);
        assertThat(asUser.get("/api/v1/datasources/" + viaGroup).status()).isEqualTo(200);
        // ungranted: exactly the answer of a datasource that does not exist, name not leaked
        Response ungranted = asUser.get("/api/v1/datasources/" + hidden);
        Response missing = asUser.get("/api/v1/datasources/" + UUID.randomUUID());
        assertProblem(ungranted, 404, "DATASOURCE_NOT_FOUND");
        assertProblem(missing, 404, "DATASOURCE_NOT_FOUND");
        assertThat(ungranted.json().get("detail").asString())
                .isEqualTo(missing.json().get("detail").asString().replace(lastPathPart(missing), hidden));
        assertThat(ungranted.body()).doesNotContain(nameOf(hidden));

        // the query API answers an ungranted dataSourceId as a missing one too
        Response query = asUser.post("/api/v1/query", Map.of("dataSourceId", hidden, "sql", "SELECT 1"));
        assertProblem(query, 404, "DATASOURCE_NOT_FOUND");
        Response stream = asUser.post("/api/v1/query/stream", Map.of("dataSourceId", hidden, "sql", "SELECT 1"));
        assertProblem(stream, 404, "DATASOURCE_NOT_FOUND");

        // admin-only operations on a granted datasource are still forbidden
        assertProblem(asUser.post("/api/v1/datasources/" + direct + "/test", ""), 403, "FORBIDDEN");
        assertProblem(asUser.delete("/api/v1/datasources/" + direct), 403, "FORBIDDEN");
        assertProblem(
                asUser.put(
                        "/api/v1/datasources/" + direct, Map.of("name", "x", "type", "tpch"), Map.of("If-Match", "1")),
                403,
                "FORBIDDEN");
        assertProblem(asUser.post("/api/v1/catalogs/sync", ""), 403, "FORBIDDEN");
        assertThat(asUser.get("/api/v1/datasource-types").status()).isEqualTo(200);

        // removing the user from the group takes the group's datasource away
        admin().send("PATCH", "/api/v1/users/" + user, Map.of("groups", List.of()), Map.of());
        assertProblem(asUser.get("/api/v1/datasources/" + viaGroup), 404, "DATASOURCE_NOT_FOUND");
    }

    @Test
    void testUserSeesOnlyOwnAuditRecords() {
        String alice = newUser(List.of("user"), List.of());
        String bob = newUser(List.of("user"), List.of());
        String aliceQuery = "20260101_000000_" + unique("a").replace("-", "_");
        String bobQuery = "20260101_000000_" + unique("b").replace("-", "_");
        Response delivered =
                internal().post("/internal/v1/audit", List.of(record(aliceQuery, alice), record(bobQuery, bob)));
        assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);

        ApiClient asAlice = loggedIn(alice);
        assertThat(queryIds(asAlice.get("/api/v1/audit?size=500"))).containsExactly(aliceQuery);
        // asking for someone else's records still shows only one's own
        assertThat(queryIds(asAlice.get("/api/v1/audit?user=" + bob))).containsExactly(aliceQuery);
        assertThat(asAlice.get("/api/v1/audit/" + aliceQuery).status()).isEqualTo(200);
        assertProblem(asAlice.get("/api/v1/audit/" + bobQuery), 404, "AUDIT_RECORD_NOT_FOUND");

        // an admin sees everyone's (by user: the shared store holds more than one page of other tests' records)
        assertThat(queryIds(admin().get("/api/v1/audit?user=" + alice))).containsExactly(aliceQuery);
        assertThat(queryIds(admin().get("/api/v1/audit?user=" + bob))).containsExactly(bobQuery);
    }

    private static Map<String, Object> record(String queryId, String user) {
        Map<String, Object> record = AuditRecordContract.minimalRecord(queryId, user);
        record.put("client", "CLI");
        record.put("source", "trino-cli");
        record.put("query", "SELECT 1");
        return record;
    }

    private static List<String> queryIds(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json()
                .get("items")
                .valueStream()
                .map(item -> item.get("queryId").asString())
                .toList();
    }

    private final Map<String, String> names = new java.util.HashMap<>();

    private String createDatasource() {
        String name = unique("ds").replace("-", "_");
        Response created = admin().post("/api/v1/datasources", Map.of("name", name, "type", "tpch"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        names.put(id, name);
        return id;
    }

    private String nameOf(String id) {
        return names.get(id);
    }

    private String createGroup() {
        String name = unique("g");
        assertThat(admin().post("/api/v1/groups", Map.of("name", name)).status())
                .isEqualTo(201);
        return name;
    }

    private static String lastPathPart(Response missing) {
        String detail = missing.json().get("detail").asString();
        java.util.regex.Matcher matcher =
                java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f-]{27}").matcher(detail);
        return matcher.find() ? matcher.group() : "";
    }
}

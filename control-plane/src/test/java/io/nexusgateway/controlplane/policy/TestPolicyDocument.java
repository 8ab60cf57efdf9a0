package io.nexusgateway.controlplane.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.ControlPlaneTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON the Trino plugin reads every 2 s, member for member and in order, so that it cannot drift from what the
 * plugin parses: catalogs with their grantees, and every user.
 */
final class TestPolicyDocument extends ControlPlaneTest {
    private static final Path GOLDEN = Path.of(
            "..",
            "trino-plugin",
            "src",
            "test",
            "resources",
            "io",
            "nexusgateway",
            "trino",
            "plugin",
            "policy",
            "policy-document.golden.json");

    @Autowired
    private JsonMapper jsonMapper;

    @Test
    void testShape() {
        String group = unique("analysts");
        admin().post("/api/v1/groups", Map.of("name", group));
        // names chosen so the sort order is known: b before c
        String prefix = unique("p");
        String bea = prefix + "-b";
        String cid = prefix + "-c";
        createUser(cid, List.of("user"), List.of(group));
        createUser(bea, List.of("admin", "user"), List.of());
        admin().send("PATCH", "/api/v1/users/" + cid, Map.of("enabled", false), Map.of());
        String catalog = unique("pol").replace("-", "_");
        Response datasource =
                admin().post("/api/v1/datasources", Map.of("name", catalog, "type", "tpch", "writable", true));
        String id = datasource.json().get("id").asString();
        admin().post("/api/v1/datasources/" + id + "/grants", Map.of("user", cid));
        admin().post("/api/v1/datasources/" + id + "/grants", Map.of("user", bea));
        admin().post("/api/v1/datasources/" + id + "/grants", Map.of("group", group));
        // a revoked key of bea's is listed (its tokens may still be valid), a valid key of cid's is not
        admin().post("/api/v1/api-keys", Map.of("name", "k", "user", cid));
        String beaKey = admin().post("/api/v1/api-keys", Map.of("name", "k", "user", bea))
                .json()
                .get("id")
                .asString();
        admin().delete("/api/v1/api-keys/" + beaKey);
        String bootstrapKey = admin().get("/api/v1/api-keys?user=admin")
                .json()
                .valueStream()
                .filter(key -> key.get("name").asString().equals("bootstrap"))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();

        Response response = internal().get("/internal/v1/policy");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        JsonNode policy = response.json();
        assertThat(policy.propertyNames()).containsExactly("catalogs", "users");

        JsonNode entry = policy.get("catalogs")
                .valueStream()
                .filter(node -> node.get("catalog").asString().equals(catalog))
                .findFirst()
                .orElseThrow();
        assertThat(entry.toString())
                .isEqualTo("{\"catalog\":\"" + catalog + "\",\"datasource\":\"" + catalog
                        + "\",\"type\":\"tpch\",\"writable\":true,\"passThrough\":false,\"users\":[\"" + bea + "\",\""
                        + cid + "\"],\"groups\":[\"" + group + "\"]}");
        List<String> catalogs = policy.get("catalogs")
                .valueStream()
                .map(node -> node.get("catalog").asString())
                .toList();
        assertThat(catalogs).isSorted();

        List<JsonNode> users = policy.get("users").valueStream().toList();
        assertThat(users.stream().map(node -> node.get("username").asString()).toList())
                .isSorted()
                .contains("admin", bea, cid);
        assertThat(user(users, bea))
                .isEqualTo(
                        "{\"username\":\"" + bea + "\",\"enabled\":true,\"roles\":[\"admin\",\"user\"],\"groups\":[],"
                                + "\"limits\":{\"running\":100,\"queued\":1000},\"revokedApiKeys\":[\"" + beaKey
                                + "\"]}");
        assertThat(user(users, cid))
                .isEqualTo("{\"username\":\"" + cid + "\",\"enabled\":false,\"roles\":[\"user\"],\"groups\":[\"" + group
                        + "\"],\"limits\":{\"running\":8,\"queued\":100},\"revokedApiKeys\":[]}");
        // admin's bootstrap key is valid
        JsonNode admin = users.stream()
                .filter(node -> node.get("username").asString().equals("admin"))
                .findFirst()
                .orElseThrow();
        assertThat(admin.propertyNames())
                .containsExactly("username", "enabled", "roles", "groups", "limits", "revokedApiKeys");
        assertThat(admin.get("revokedApiKeys")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList())
                .doesNotContain(bootstrapKey);

        // never credentials
        assertThat(response.body()).doesNotContain("argon2").doesNotContain(PASSWORD);
        // only the internal token reads it
        assertThat(admin().get("/internal/v1/policy").status()).isEqualTo(401);
    }

    /** The plugin's TestPolicyJson parses the same golden file: one contract, a rename fails a test on both sides. */
    @Test
    void testTheDocumentIsTheGoldenContract() throws Exception {
        PolicyDocument document = new PolicyDocument(
                List.of(
                        new PolicyDocument.CatalogPolicy(
                                "pg_crm", "pg crm", "postgresql", false, true, List.of("alice"), List.of("analysts")),
                        new PolicyDocument.CatalogPolicy(
                                "sales", "Sales", "mariadb", true, false, List.of(), List.of())),
                List.of(new PolicyDocument.UserPolicy(
                        "alice",
                        true,
                        List.of("user"),
                        List.of("analysts"),
                        new NexusProperties.QueryLimit(2, 5),
                        List.of("0b6f4c1e-0a54-4d8e-9a43-5e1f2d3c4b5a"))));
        JsonNode golden = jsonMapper.readTree(Files.readString(GOLDEN));
        assertThat(jsonMapper.readTree(jsonMapper.writeValueAsString(document))).isEqualTo(golden);
        // member order too, as the endpoint writes it
        assertThat(jsonMapper.writeValueAsString(document)).isEqualTo(jsonMapper.writeValueAsString(golden));
    }

    private void createUser(String username, List<String> roles, List<String> groups) {
        Response created = admin().post(
                        "/api/v1/users",
                        Map.of("username", username, "password", PASSWORD, "roles", roles, "groups", groups));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    private static String user(List<JsonNode> users, String username) {
        return users.stream()
                .filter(node -> node.get("username").asString().equals(username))
                .findFirst()
                .orElseThrow()
                .toString();
    }
}

package io.nexusgateway.controlplane.identity;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.ControlPlaneTest;
import io.nexusgateway.controlplane.support.Jwts;
import io.nexusgateway.testing.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Users, groups, API keys, tokens and the bearer filter over real HTTP: what works, and every way it must not. */
final class TestIdentityApi extends ControlPlaneTest {
    @Test
    void testBootstrapAdminKeyIsAdminsApiKey() {
        JsonNode me = admin().get("/api/v1/auth/me").json();
        assertThat(me.get("username").asString()).isEqualTo("admin");
        assertThat(me.get("roles").toString()).isEqualTo("[\"admin\"]");
        assertThat(me.get("authenticatedBy").asString()).isEqualTo("api-key");

        JsonNode admin = admin().get("/api/v1/users/admin").json();
        assertThat(admin.get("passwordSet").asBoolean()).isFalse();
        assertThat(admin.get("enabled").asBoolean()).isTrue();
        assertThat(names(admin().get("/api/v1/api-keys?user=admin").json())).contains("bootstrap");

        // no password yet: password login is refused like any wrong password
        assertInvalidCredentials(
                anonymous().post("/api/v1/auth/token", Map.of("username", "admin", "password", "x".repeat(12))));
    }

    @Test
    void testUserValidationProblems() {
        assertProblem(createUser("Alice", PASSWORD, List.of("user")), 400, "INVALID_USERNAME");
        assertProblem(createUser("1alice", PASSWORD, List.of("user")), 400, "INVALID_USERNAME");
        assertProblem(createUser("a".repeat(65), PASSWORD, List.of("user")), 400, "INVALID_USERNAME");
        assertProblem(createUser("nexus-sync", PASSWORD, List.of("user")), 400, "RESERVED_USERNAME");
        assertProblem(createUser("nexus-anything", PASSWORD, List.of("user")), 400, "RESERVED_USERNAME");
        assertProblem(createUser("trino", PASSWORD, List.of("user")), 400, "RESERVED_USERNAME");
        Response weak = createUser(unique("weak"), "short-pass1", List.of("user"));
        assertProblem(weak, 400, "WEAK_PASSWORD");
        assertThat(weak.json().get("detail").asString()).contains("at least 12 characters");
        assertProblem(createUser(unique("role"), PASSWORD, List.of("superuser")), 400, "INVALID_IDENTITY_REQUEST");
        assertProblem(
                admin().post(
                                "/api/v1/users",
                                Map.of("username", unique("grp"), "password", PASSWORD, "groups", List.of("nope"))),
                400,
                "INVALID_IDENTITY_REQUEST");
        assertProblem(admin().post("/api/v1/users", "{not json"), 400, "MALFORMED_REQUEST");
        assertProblem(admin().get("/api/v1/users/" + unique("ghost")), 404, "USER_NOT_FOUND");
    }

    @Test
    void testUserLifecycleNeverShowsThePassword() {
        String group = unique("analysts");
        assertThat(admin().post("/api/v1/groups", Map.of("name", group, "description", "the analysts"))
                        .status())
                .isEqualTo(201);
        assertProblem(admin().post("/api/v1/groups", Map.of("name", group)), 409, "GROUP_NAME_CONFLICT");
        String username = unique("alice");
        Response created = admin().post(
                        "/api/v1/users",
                        Map.of(
                                "username",
                                username,
                                "password",
                                PASSWORD,
                                "displayName",
                                "Alice A.",
                                "roles",
                                List.of("user"),
                                "groups",
                                List.of(group)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(PASSWORD).doesNotContain("argon2");
        JsonNode user = created.json();
        assertThat(user.get("username").asString()).isEqualTo(username);
        assertThat(user.get("displayName").asString()).isEqualTo("Alice A.");
        assertThat(user.get("roles").toString()).isEqualTo("[\"user\"]");
        assertThat(user.get("groups").toString()).isEqualTo("[\"" + group + "\"]");
        assertThat(user.get("passwordSet").asBoolean()).isTrue();
        assertThat(user.has("password")).isFalse();
        assertThat(user.has("passwordHash")).isFalse();
        assertProblem(createUser(username, PASSWORD, List.of("user")), 409, "USER_NAME_CONFLICT");

        Response list = admin().get("/api/v1/users");
        assertThat(list.body()).doesNotContain("argon2");
        assertThat(names(list.json(), "username")).contains("admin", username);
        assertThat(admin().get("/api/v1/groups/" + group).json().get("members").toString())
                .isEqualTo("[\"" + username + "\"]");

        // the password works, is changed, and the old one stops working
        assertThat(login(username, PASSWORD).status()).isEqualTo(200);
        String newPassword = "another long passphrase";
        Response changed = admin().send(
                        "PATCH",
                        "/api/v1/users/" + username,
                        Map.of("password", newPassword, "displayName", "Alice"),
                        Map.of("If-Match", "\"1\""));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("version").asLong()).isEqualTo(2);
        assertThat(changed.body()).doesNotContain(newPassword);
        assertProblem(
                admin().send(
                                "PATCH",
                                "/api/v1/users/" + username,
                                Map.of("displayName", "x"),
                                Map.of("If-Match", "\"1\"")),
                409,
                "VERSION_CONFLICT");
        assertInvalidCredentials(login(username, PASSWORD));
        assertThat(login(username, newPassword).status()).isEqualTo(200);
        assertProblem(
                admin().send("PATCH", "/api/v1/users/" + username, Map.of("password", "tiny"), Map.of()),
                400,
                "WEAK_PASSWORD");

        // an admin cannot lock themselves out
        assertProblem(
                admin().send("PATCH", "/api/v1/users/admin", Map.of("enabled", false), Map.of()),
                400,
                "INVALID_IDENTITY_REQUEST");
        assertProblem(admin().delete("/api/v1/users/admin"), 400, "INVALID_IDENTITY_REQUEST");

        assertThat(admin().delete("/api/v1/users/" + username).status()).isEqualTo(204);
        assertProblem(admin().get("/api/v1/users/" + username), 404, "USER_NOT_FOUND");
        assertThat(admin().get("/api/v1/groups/" + group).json().get("members").toString())
                .isEqualTo("[]");
        assertThat(admin().delete("/api/v1/groups/" + group).status()).isEqualTo(204);
        assertProblem(admin().get("/api/v1/groups/" + group), 404, "GROUP_NOT_FOUND");
    }

    @Test
    void testPasswordLoginFailuresLookAlike() {
        String username = newUser(List.of("user"));
        Response good = login(username, PASSWORD);
        assertThat(good.status()).isEqualTo(200);
        JsonNode token = good.json();
        assertThat(token.get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(token.get("expiresIn").asLong()).isBetween(3590L, 3600L);
        assertThat(token.get("username").asString()).isEqualTo(username);
        assertThat(good.header("Cache-Control")).contains("no-store");

        String wrong = assertInvalidCredentials(login(username, "wrong password!!"));
        String unknown = assertInvalidCredentials(login(unique("nobody"), PASSWORD));
        disable(username);
        String disabled = assertInvalidCredentials(login(username, PASSWORD));
        assertThat(wrong).isEqualTo(unknown).isEqualTo(disabled);
    }

    @Test
    void testTokenWorksOnTheApiAndRequestedLifetimeIsCapped() throws Exception {
        String username = newUser(List.of("user"));
        Response issued = anonymous()
                .post("/api/v1/auth/token", Map.of("username", username, "password", PASSWORD, "expiresIn", 600));
        assertThat(issued.json().get("expiresIn").asLong()).isBetween(590L, 600L);
        String accessToken = issued.json().get("accessToken").asString();
        JsonNode me = as(accessToken).get("/api/v1/auth/me").json();
        assertThat(me.get("username").asString()).isEqualTo(username);
        assertThat(me.get("authenticatedBy").asString()).isEqualTo("access-token");

        Response capped = anonymous()
                .post("/api/v1/auth/token", Map.of("username", username, "password", PASSWORD, "expiresIn", 999_999));
        assertThat(capped.json().get("expiresIn").asLong()).isBetween(12 * 3600L - 10, 12 * 3600L);

        // a token cannot renew itself; nothing at all is no credential
        assertInvalidCredentials(as(accessToken).post("/api/v1/auth/token", ""));
        assertInvalidCredentials(anonymous().post("/api/v1/auth/token", ""));
    }

    @Test
    void testApiKeysShownOnceRevokedAndExpired() throws Exception {
        String username = newUser(List.of("user"));
        ApiClient user = as(token(username));
        Response created = user.post(
                "/api/v1/api-keys",
                Map.of(
                        "name",
                        "laptop",
                        "expiresAt",
                        Instant.now().plus(Duration.ofDays(30)).toString()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.json().get("key").asString();
        String id = created.json().get("id").asString();
        assertThat(key).startsWith("nxk_").hasSizeGreaterThan(40);
        assertThat(created.json().get("user").asString()).isEqualTo(username);

        Response listed = user.get("/api/v1/api-keys");
        assertThat(listed.body()).doesNotContain(key).contains(id);
        assertThat(listed.json().get(0).has("key")).isFalse();
        assertThat(admin().get("/api/v1/api-keys").body()).doesNotContain(key).contains(id);

        // the key authenticates and exchanges for a token
        ApiClient withKey = as(key);
        assertThat(withKey.get("/api/v1/auth/me").json().get("username").asString())
                .isEqualTo(username);
        Response exchanged = withKey.post("/api/v1/auth/token", "");
        assertThat(exchanged.status()).as(exchanged.body()).isEqualTo(200);
        assertThat(exchanged.json().get("username").asString()).isEqualTo(username);

        // a user may not create keys for others, nor see theirs
        assertProblem(user.post("/api/v1/api-keys", Map.of("name", "x", "user", "admin")), 403, "FORBIDDEN");
        assertProblem(user.get("/api/v1/api-keys?user=admin"), 403, "FORBIDDEN");
        String adminsKeyId = admin().get("/api/v1/api-keys?user=admin")
                .json()
                .get(0)
                .get("id")
                .asString();
        assertProblem(user.delete("/api/v1/api-keys/" + adminsKeyId), 404, "API_KEY_NOT_FOUND");

        Response revoked = user.delete("/api/v1/api-keys/" + id);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("revokedAt").isNull()).isFalse();
        assertUnauthenticated(withKey.get("/api/v1/auth/me"), "API key revoked");

        // an admin creates a key for the user that expires in a moment
        Response shortLived = admin().post(
                        "/api/v1/api-keys",
                        Map.of(
                                "name",
                                "short",
                                "user",
                                username,
                                "expiresAt",
                                Instant.now().plusSeconds(2).toString()));
        assertThat(shortLived.status()).as(shortLived.body()).isEqualTo(201);
        ApiClient expiring = as(shortLived.json().get("key").asString());
        assertThat(expiring.get("/api/v1/auth/me").status()).isEqualTo(200);
        Await.until(
                "the key expires",
                Duration.ofSeconds(10),
                () -> expiring.get("/api/v1/auth/me").status() == 401);
        assertUnauthenticated(expiring.get("/api/v1/auth/me"), "API key expired");
        assertProblem(
                admin().post("/api/v1/api-keys", Map.of("name", "past", "expiresAt", "2020-01-01T00:00:00Z")),
                400,
                "INVALID_IDENTITY_REQUEST");

        assertUnauthenticated(as("nxk_not-a-key").get("/api/v1/auth/me"), "API key not valid");
    }

    @Test
    void testDisabledUsersTokenAndKeyStopWorking() {
        String username = newUser(List.of("user"));
        String accessToken = token(username);
        String key = as(accessToken)
                .post(
                        "/api/v1/api-keys",
                        Map.of(
                                "name",
                                "k",
                                "expiresAt",
                                Instant.now().plus(Duration.ofDays(1)).toString()))
                .json()
                .get("key")
                .asString();
        assertThat(as(accessToken).get("/api/v1/auth/me").status()).isEqualTo(200);
        disable(username);
        // the JWT has not expired, but its user is disabled
        assertUnauthenticated(as(accessToken).get("/api/v1/auth/me"), "user disabled");
        assertUnauthenticated(as(key).get("/api/v1/auth/me"), "user disabled");
        admin().send("PATCH", "/api/v1/users/" + username, Map.of("enabled", true), Map.of());
        assertThat(as(accessToken).get("/api/v1/auth/me").status()).isEqualTo(200);
        // a deleted user's token is refused too
        admin().delete("/api/v1/users/" + username);
        assertUnauthenticated(as(accessToken).get("/api/v1/auth/me"), "user unknown");
    }

    @Test
    void testForgedExpiredWrongAudienceAndUnknownKeyTokens() throws Exception {
        String username = newUser(List.of("user"));
        RSAKey signing = signingKeyFromFile();
        Instant now = Instant.now();
        assertThat(as(Jwts.sign(signing, signing.getKeyID(), claims(username, "nexus-api", now.plusSeconds(300))))
                        .get("/api/v1/auth/me")
                        .status())
                .isEqualTo(200);
        assertUnauthenticated(
                as(Jwts.sign(signing, signing.getKeyID(), claims(username, "nexus-api", now.minusSeconds(120))))
                        .get("/api/v1/auth/me"),
                "token expired");
        assertUnauthenticated(
                as(Jwts.sign(signing, signing.getKeyID(), claims(username, "nexus-trino", now.plusSeconds(300))))
                        .get("/api/v1/auth/me"),
                "audience");
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
        assertUnauthenticated(
                as(Jwts.sign(stranger, signing.getKeyID(), claims(username, "nexus-api", now.plusSeconds(300))))
                        .get("/api/v1/auth/me"),
                "signature");
        // a key that is not in the file, as if an attacker published their own
        assertUnauthenticated(
                as(Jwts.sign(stranger, stranger.getKeyID(), claims(username, "nexus-api", now.plusSeconds(300))))
                        .get("/api/v1/auth/me"),
                "unknown key");
    }

    @Test
    void testUserCannotCallAdminEndpoints() {
        ApiClient user = as(token(newUser(List.of("user"))));
        assertProblem(user.get("/api/v1/users"), 403, "FORBIDDEN");
        assertProblem(user.post("/api/v1/users", Map.of("username", unique("x"))), 403, "FORBIDDEN");
        assertProblem(user.get("/api/v1/groups"), 403, "FORBIDDEN");
        assertProblem(user.post("/api/v1/auth/keys/rotate", ""), 403, "FORBIDDEN");
        assertProblem(user.get("/api/v1/catalogs"), 403, "FORBIDDEN");
        assertProblem(user.post("/api/v1/datasources", Map.of("name", "x", "type", "tpch")), 403, "FORBIDDEN");
        assertThat(user.get("/api/v1/datasource-types").status()).isEqualTo(200);
        assertThat(user.get("/api/v1/datasources").status()).isEqualTo(200);
        assertUnauthenticated(anonymous().get("/api/v1/datasources"), "Send a bearer credential");
    }

    // helpers

    private Response createUser(String username, String password, List<String> roles) {
        return admin().post("/api/v1/users", Map.of("username", username, "password", password, "roles", roles));
    }

    private String newUser(List<String> roles) {
        return newUser(roles, List.of());
    }

    private void disable(String username) {
        assertThat(admin().send("PATCH", "/api/v1/users/" + username, Map.of("enabled", false), Map.of())
                        .status())
                .isEqualTo(200);
    }

    private Response login(String username, String password) {
        return anonymous().post("/api/v1/auth/token", Map.of("username", username, "password", password));
    }

    private String token(String username) {
        Response response = login(username, PASSWORD);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("accessToken").asString();
    }

    private ApiClient as(String credential) {
        return new ApiClient(baseUri(), credential);
    }

    private static String assertInvalidCredentials(Response response) {
        assertProblem(response, 401, "INVALID_CREDENTIALS");
        return response.json().get("detail").asString();
    }

    private static void assertUnauthenticated(Response response, String detail) {
        assertProblem(response, 401, "UNAUTHENTICATED");
        assertThat(response.json().get("type").asString())
                .isEqualTo("https://nexusgateway.io/problems/unauthenticated");
        assertThat(response.json().get("detail").asString()).contains(detail);
    }

    private static List<String> names(JsonNode array) {
        return names(array, "name");
    }

    private static List<String> names(JsonNode array, String field) {
        return array.valueStream().map(node -> node.get(field).asString()).toList();
    }

    private static RSAKey signingKeyFromFile() throws Exception {
        return JWKSet.load(keysFile().toFile()).getKeys().stream()
                .map(RSAKey.class::cast)
                .filter(key -> key.getNotBeforeTime() != null && key.getExpirationTime() == null)
                .findFirst()
                .orElseThrow();
    }

    private static JWTClaimsSet claims(String subject, String audience, Instant expiresAt) {
        return new JWTClaimsSet.Builder()
                .issuer("nexus-gateway")
                .audience(audience)
                .subject(subject)
                .issueTime(Date.from(expiresAt.minusSeconds(600)))
                .expirationTime(Date.from(expiresAt))
                .build();
    }
}

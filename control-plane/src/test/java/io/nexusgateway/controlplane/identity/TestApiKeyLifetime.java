package io.nexusgateway.controlplane.identity;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.ControlPlaneTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stolen token must not buy a credential that outlives it: a key of one's own expires within
 * {@code nexus.security.api-keys.max-lifetime} (90 days) and never after the key the request rests on; tokens
 * exchanged for a key die with it. Admins creating keys for other users (service accounts) are not bound.
 */
final class TestApiKeyLifetime extends ControlPlaneTest {
    @Test
    void testATokenCannotCreateANonExpiringKey() {
        String username = newUser(List.of("user"), List.of());
        ApiClient user = loggedIn(username);

        Response forever = user.post("/api/v1/api-keys", Map.of("name", "forever"));
        assertExpiryRefused(forever);
        assertThat(Instant.parse(forever.json().get("maxExpiresAt").asString()))
                .isBetween(
                        Instant.now().plus(Duration.ofDays(90)).minusSeconds(60),
                        Instant.now().plus(Duration.ofDays(90)));
        assertExpiryRefused(user.post("/api/v1/api-keys", Map.of("name", "long", "expiresAt", inDays(91))));
        Response bounded = user.post("/api/v1/api-keys", Map.of("name", "laptop", "expiresAt", inDays(30)));
        assertThat(bounded.status()).as(bounded.body()).isEqualTo(201);

        // the bootstrap key never expires, yet its admin's own new keys do
        assertExpiryRefused(admin().post("/api/v1/api-keys", Map.of("name", "mine")));
        // an admin keeps control of other users' keys: a service account's key may never expire
        Response serviceKey = admin().post("/api/v1/api-keys", Map.of("name", "robot", "user", username));
        assertThat(serviceKey.status()).as(serviceKey.body()).isEqualTo(201);
        assertThat(serviceKey.json().get("expiresAt").isNull()).isTrue();
    }

    @Test
    void testNothingMadeFromAKeyOutlivesIt() {
        String username = newUser(List.of("user"), List.of());
        Instant keyExpiry = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        Response key = admin().post(
                        "/api/v1/api-keys",
                        Map.of("name", "short", "user", username, "expiresAt", keyExpiry.toString()));
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        ApiClient withKey = admin().withKey(key.json().get("key").asString());

        // its token ends when the key does, however long a token was asked for
        Response token = withKey.post("/api/v1/auth/token", Map.of("expiresIn", 3600));
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        assertThat(Instant.parse(token.json().get("expiresAt").asString())).isBeforeOrEqualTo(keyExpiry);
        ApiClient withToken = admin().withKey(token.json().get("accessToken").asString());

        // and neither the key nor its token can make a key that lives longer
        for (ApiClient credential : List.of(withKey, withToken)) {
            Response longer = credential.post("/api/v1/api-keys", Map.of("name", "longer", "expiresAt", inDays(1)));
            assertExpiryRefused(longer);
            assertThat(Instant.parse(longer.json().get("maxExpiresAt").asString()))
                    .isEqualTo(keyExpiry);
        }
        Response within = withToken.post(
                "/api/v1/api-keys",
                Map.of("name", "within", "expiresAt", keyExpiry.minusSeconds(60).toString()));
        assertThat(within.status()).as(within.body()).isEqualTo(201);
    }

    @Test
    void testARevokedKeysTokensAreRefusedAtOnce() {
        String username = newUser(List.of("user"), List.of());
        Response revokedKey = admin().post("/api/v1/api-keys", Map.of("name", "revoked", "user", username));
        Response liveKey = admin().post("/api/v1/api-keys", Map.of("name", "live", "user", username));
        ApiClient revokedToken = tokenOf(revokedKey);
        ApiClient liveToken = tokenOf(liveKey);
        assertThat(revokedToken.get("/api/v1/auth/me").status()).isEqualTo(200);

        admin().delete("/api/v1/api-keys/" + revokedKey.json().get("id").asString());
        Response refused = revokedToken.get("/api/v1/auth/me");
        assertProblem(refused, 401, "UNAUTHENTICATED");
        assertThat(refused.json().get("detail").asString()).contains("the API key of this token was revoked");
        // the same user's other key, and its token, go on
        assertThat(liveToken.get("/api/v1/auth/me").status()).isEqualTo(200);
        // a deleted user's key tokens die with the user's keys
        admin().delete("/api/v1/users/" + username);
        assertProblem(liveToken.get("/api/v1/auth/me"), 401, "UNAUTHENTICATED");
    }

    private ApiClient tokenOf(Response key) {
        assertThat(key.status()).as(key.body()).isEqualTo(201);
        Response token = admin().withKey(key.json().get("key").asString()).post("/api/v1/auth/token", null);
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        return admin().withKey(token.json().get("accessToken").asString());
    }

    private static void assertExpiryRefused(Response response) {
        assertProblem(response, 400, "INVALID_API_KEY_EXPIRY");
        assertThat(response.json().get("field").asString()).isEqualTo("expiresAt");
        assertThat(response.json().get("detail").asString()).contains("expiresAt");
    }

    private static String inDays(int days) {
        return Instant.now().plus(Duration.ofDays(days)).toString();
    }
}

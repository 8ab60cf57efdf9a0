package io.nexusgateway.controlplane.auth;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.ControlPlaneTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The public JWKS and the admin rotation endpoint over HTTP, against the key file the control plane keeps. */
final class TestJwksAndRotationApi extends ControlPlaneTest {
    @Test
    void testJwksIsPublicAndHoldsNoPrivateParts() throws Exception {
        Response response = anonymous().get("/.well-known/jwks.json");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.header("Cache-Control")).isEqualTo("max-age=60");
        JWKSet published = JWKSet.parse(response.body());
        JWKSet stored = JWKSet.load(keysFile().toFile());
        assertThat(published.getKeys())
                .extracting(JWK::getKeyID)
                .containsExactlyInAnyOrderElementsOf(
                        stored.getKeys().stream().map(JWK::getKeyID).toList());
        assertThat(published.getKeys()).allSatisfy(key -> {
            assertThat(key.isPrivate()).isFalse();
            assertThat(key.getAlgorithm().getName()).isEqualTo("RS256");
            assertThat(key.getKeyUse().identifier()).isEqualTo("sig");
        });
        for (String privateMember : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"")) {
            assertThat(response.body()).doesNotContain(privateMember);
        }
    }

    @Test
    void testRotation() throws Exception {
        // a fresh next key: too soon, and the problem says when it will be possible
        rewriteNextKeyIssuedAt(Instant.now());
        Response tooSoon = admin().post("/api/v1/auth/keys/rotate", "");
        assertProblem(tooSoon, 409, "KEY_ROTATION_TOO_SOON");
        JsonNode problem = tooSoon.json();
        assertThat(problem.get("code").asString()).isEqualTo("KEY_ROTATION_TOO_SOON");
        assertThat(problem.get("type").asString()).isEqualTo("https://nexusgateway.io/problems/key-rotation-too-soon");
        assertThat(problem.get("detail").asString()).contains("Rotation is possible from");
        assertThat(problem.get("possibleFrom").asString()).isNotBlank();

        // a token signed by the key about to be retired
        String user = newUser(List.of("user"), List.of());
        ApiClient before = loggedIn(user);
        assertThat(before.get("/api/v1/auth/me").status()).isEqualTo(200);

        // the next key was published long ago (what the file says): rotation goes ahead
        rewriteNextKeyIssuedAt(Instant.now().minusSeconds(3600));
        String signingBefore = state("signing");
        String nextBefore = state("next");
        Response rotated = admin().post("/api/v1/auth/keys/rotate", "");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        JsonNode rotation = rotated.json();
        assertThat(rotation.get("signingKid").asString()).isEqualTo(nextBefore);
        assertThat(rotation.get("retiredKid").asString()).isEqualTo(signingBefore);
        assertThat(rotated.body()).doesNotContain("\"d\"");
        assertThat(state("signing")).isEqualTo(nextBefore);
        assertThat(state("retired")).isEqualTo(signingBefore);
        // the retired key is still published: its tokens stay valid until they expire
        assertThat(JWKSet.parse(anonymous().get("/.well-known/jwks.json").body())
                        .getKeyByKeyId(signingBefore))
                .isNotNull();

        // the previous key's token still verifies; new tokens carry the new key's id
        assertThat(before.get("/api/v1/auth/me").status()).isEqualTo(200);
        String fresh = anonymous()
                .post("/api/v1/auth/token", Map.of("username", user, "password", PASSWORD))
                .json()
                .get("accessToken")
                .asString();
        assertThat(SignedJWT.parse(fresh).getHeader().getKeyID()).isEqualTo(nextBefore);

        assertThat(anonymous().post("/api/v1/auth/keys/rotate", "").status()).isEqualTo(401);
    }

    private String state(String state) {
        for (JsonNode key : admin().get("/api/v1/auth/keys").json()) {
            if (key.get("state").asString().equals(state)) {
                return key.get("kid").asString();
            }
        }
        throw new AssertionError("no " + state + " key");
    }

    /** What a test harness or another replica does: rewrite the file; the control plane notices the new mtime. */
    private static void rewriteNextKeyIssuedAt(Instant issuedAt) throws Exception {
        JWKSet stored = JWKSet.load(keysFile().toFile());
        List<JWK> keys = stored.getKeys().stream()
                .map(key -> key.getNotBeforeTime() == null
                        ? (JWK) new RSAKey.Builder((RSAKey) key)
                                .issueTime(java.util.Date.from(issuedAt))
                                .build()
                        : key)
                .toList();
        FileTime before = Files.getLastModifiedTime(keysFile());
        Files.writeString(keysFile(), new JWKSet(keys).toString(false), StandardCharsets.UTF_8);
        Files.setLastModifiedTime(keysFile(), FileTime.from(before.toInstant().plusSeconds(1)));
    }
}

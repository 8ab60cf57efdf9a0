package io.nexusgateway.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.support.Jwts;
import io.nexusgateway.controlplane.support.MutableClock;
import io.nexusgateway.controlplane.support.TestJwtSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Issued tokens carry the contract's claims and verify; expired, forged, wrong-audience and unknown-key ones do not. */
final class TestAccessTokens {
    private static final NexusProperties.Jwt SETTINGS = TestJwtSettings.DEFAULTS;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final SigningKeys keys = new SigningKeys(
            Path.of("target", "tokens-" + UUID.randomUUID(), "jwt-keys.json"),
            clock,
            SETTINGS.publishAhead(),
            SETTINGS.maxTokenLifetime());
    private final AccessTokenIssuer issuer = new AccessTokenIssuer(keys, SETTINGS, clock);
    private final AccessTokenVerifier verifier = new AccessTokenVerifier(keys, SETTINGS, clock);

    @Test
    void testClaims() throws Exception {
        IssuedToken issued = issuer.issue("alice", List.of("analysts", "finance"), Duration.ofMinutes(30));
        assertThat(issued.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        assertThat(issued.toString()).doesNotContain(issued.token());

        SignedJWT jwt = SignedJWT.parse(issued.token());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(keys.signingKey().getKeyID());
        assertThat(jwt.verify(new RSASSAVerifier(keys.signingKey().toPublicJWK())))
                .isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("nexus-gateway");
        assertThat(claims.getAudience()).containsExactly("nexus-trino", "nexus-api");
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringListClaim("groups")).containsExactly("analysts", "finance");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(clock.instant());
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(issued.expiresAt());
        // each token its own id
        assertThat(SignedJWT.parse(issuer.issue("alice", List.of(), Duration.ofMinutes(1))
                                .token())
                        .getJWTClaimsSet()
                        .getJWTID())
                .isNotEqualTo(claims.getJWTID());

        VerifiedToken verified = verifier.verify(issued.token());
        assertThat(verified.subject()).isEqualTo("alice");
        assertThat(verified.groups()).containsExactly("analysts", "finance");
        assertThat(verified.expiresAt()).isEqualTo(issued.expiresAt());
    }

    @Test
    void testLifetimeIsCappedAtMaximum() {
        IssuedToken issued = issuer.issue("alice", List.of(), Duration.ofDays(3));
        assertThat(issued.expiresAt()).isEqualTo(clock.instant().plus(SETTINGS.maxTokenLifetime()));
        assertThatThrownBy(() -> issuer.issue("alice", List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testExpired() {
        IssuedToken issued = issuer.issue("alice", List.of(), Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(5));
        // within the clock skew: still accepted
        assertThat(verifier.verify(issued.token()).subject()).isEqualTo("alice");
        clock.advance(AccessTokenVerifier.CLOCK_SKEW);
        assertRejected(issued.token(), TokenRejectedException.Reason.EXPIRED, "token expired");
    }

    @Test
    void testWrongAudienceAndIssuer() throws Exception {
        RSAKey signing = keys.signingKey();
        assertRejected(
                Jwts.sign(signing, signing.getKeyID(), claims("nexus-gateway", List.of("nexus-trino"))),
                TokenRejectedException.Reason.WRONG_AUDIENCE,
                "audience");
        assertRejected(
                Jwts.sign(signing, signing.getKeyID(), claims("someone-else", List.of("nexus-api"))),
                TokenRejectedException.Reason.WRONG_ISSUER,
                "issuer");
        // the same claims the issuer would write are accepted
        assertThat(verifier.verify(
                                Jwts.sign(signing, signing.getKeyID(), claims("nexus-gateway", List.of("nexus-api"))))
                        .subject())
                .isEqualTo("mallory");
    }

    @Test
    void testForgedSignatureAndUnknownKey() throws Exception {
        RSAKey stranger = TestSigningKeys.key(clock.instant(), clock.instant(), null);
        String kid = keys.signingKey().getKeyID();
        // a key of its own, claiming the real key's id
        assertRejected(
                Jwts.sign(stranger, kid, claims("nexus-gateway", List.of("nexus-api"))),
                TokenRejectedException.Reason.BAD_SIGNATURE,
                "signature");
        // a key that is not in the file
        assertRejected(
                Jwts.sign(stranger, stranger.getKeyID(), claims("nexus-gateway", List.of("nexus-api"))),
                TokenRejectedException.Reason.UNKNOWN_KEY,
                "unknown key");
        // a tampered payload
        String token = issuer.issue("alice", List.of(), Duration.ofMinutes(5)).token();
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "."
                + com.nimbusds.jose.util.Base64URL.encode(
                        "{\"sub\":\"admin\",\"iss\":\"nexus-gateway\",\"aud\":[\"nexus-api\"],\"exp\":9999999999}")
                + "." + parts[2];
        assertRejected(tampered, TokenRejectedException.Reason.BAD_SIGNATURE, "signature");
        assertRejected("a.b.c", TokenRejectedException.Reason.MALFORMED, "malformed");
    }

    @Test
    void testTokenOfPreviousKeyVerifiesUntilItExpires() {
        IssuedToken old = issuer.issue("alice", List.of(), Duration.ofHours(12));
        String oldKid = keys.signingKey().getKeyID();
        clock.advance(SETTINGS.publishAhead());
        keys.rotate();
        assertThat(keys.signingKey().getKeyID()).isNotEqualTo(oldKid);
        IssuedToken fresh = issuer.issue("alice", List.of(), Duration.ofHours(1));
        assertThat(verifier.verify(fresh.token()).keyId())
                .isEqualTo(keys.signingKey().getKeyID());
        assertThat(verifier.verify(old.token()).keyId()).isEqualTo(oldKid);

        // until it expires; by then its key is about to leave the key set as well
        clock.advance(Duration.ofHours(12).minusMinutes(5));
        assertThat(keys.publishedKey(oldKid)).isPresent();
        assertRejected(old.token(), TokenRejectedException.Reason.EXPIRED, "expired");
    }

    private void assertRejected(String token, TokenRejectedException.Reason reason, String message) {
        assertThatThrownBy(() -> verifier.verify(token))
                .isInstanceOfSatisfying(TokenRejectedException.class, rejected -> assertThat(rejected.reason())
                        .isEqualTo(reason))
                .hasMessageContaining(message);
    }

    private JWTClaimsSet claims(String issuerName, List<String> audience) {
        return new JWTClaimsSet.Builder()
                .issuer(issuerName)
                .audience(audience)
                .subject("mallory")
                .issueTime(Date.from(clock.instant()))
                .expirationTime(Date.from(clock.instant().plusSeconds(300)))
                .build();
    }

    /**
     * The principal Trino reads from a token, and the API key id the API reads, as
     * {@code contracts/token-principal.json} defines them (trino-runtime's and the plugin's tests read the same file).
     */
    @Test
    void testTokensCarryThePrincipalOfTheContract() throws Exception {
        JsonNode contract =
                JsonMapper.builder().build().readTree(Files.readString(Path.of("../contracts/token-principal.json")));
        String principalClaim = contract.get("principalClaim").asString();
        String apiKeyIdClaim = contract.get("apiKeyIdClaim").asString();
        assertThat(principalClaim).isEqualTo(AccessTokenIssuer.PRINCIPAL_CLAIM);
        assertThat(apiKeyIdClaim).isEqualTo(AccessTokenIssuer.KEY_ID_CLAIM);
        assertThat(contract.get("principals").size()).isPositive();
        for (JsonNode example : contract.get("principals")) {
            String user = example.get("user").asString();
            UUID apiKeyId = example.get("apiKeyId").isNull()
                    ? null
                    : UUID.fromString(example.get("apiKeyId").asString());
            String token = issuer.issue(user, List.of(), Duration.ofMinutes(5), apiKeyId)
                    .token();
            JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
            assertThat(claims.getStringClaim(principalClaim))
                    .isEqualTo(example.get("principal").asString());
            assertThat(claims.getSubject()).isEqualTo(user);
            assertThat(claims.getStringClaim(apiKeyIdClaim)).isEqualTo(apiKeyId == null ? null : apiKeyId.toString());
            VerifiedToken verified = verifier.verify(token);
            assertThat(verified.subject()).isEqualTo(user);
            assertThat(verified.apiKeyId()).isEqualTo(apiKeyId);
        }
    }
}

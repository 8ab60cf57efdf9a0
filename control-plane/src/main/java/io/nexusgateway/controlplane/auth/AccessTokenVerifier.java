package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.nexusgateway.controlplane.config.NexusProperties;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Verifies a gateway-issued access token against the published keys: RS256 only, a known {@code kid}, the signature,
 * {@code iss}, {@code aud} containing the API's audience, {@code exp} and {@code nbf} with a small clock skew. It
 * checks the token, not the user: callers still check that the subject exists and is enabled.
 */
public final class AccessTokenVerifier {
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final SigningKeys keys;
    private final NexusProperties.Jwt settings;
    private final Clock clock;

    public AccessTokenVerifier(SigningKeys keys, NexusProperties.Jwt settings, Clock clock) {
        this.keys = requireNonNull(keys, "keys is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A compact JWS: three base64url parts. API keys never contain a dot. */
    public static boolean looksLikeJws(String bearer) {
        return bearer.chars().filter(c -> c == '.').count() == 2;
    }

    /** @throws TokenRejectedException saying why, in words safe to show the caller */
    public VerifiedToken verify(String token) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "token malformed");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "token algorithm not accepted");
        }
        String kid = jwt.getHeader().getKeyID();
        Optional<RSAKey> key = kid == null ? Optional.empty() : keys.publishedKey(kid);
        if (key.isEmpty()) {
            throw new TokenRejectedException(
                    TokenRejectedException.Reason.UNKNOWN_KEY, "token signed by an unknown key");
        }
        try {
            if (!jwt.verify(new RSASSAVerifier(key.get()))) {
                throw new TokenRejectedException(
                        TokenRejectedException.Reason.BAD_SIGNATURE, "token signature invalid");
            }
        } catch (JOSEException e) {
            throw new TokenRejectedException(TokenRejectedException.Reason.BAD_SIGNATURE, "token signature invalid");
        }
        if (!settings.issuer().equals(claims.getIssuer())) {
            throw new TokenRejectedException(TokenRejectedException.Reason.WRONG_ISSUER, "token issuer not accepted");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(settings.apiAudience())) {
            throw new TokenRejectedException(
                    TokenRejectedException.Reason.WRONG_AUDIENCE, "token not issued for this API (audience)");
        }
        Instant now = clock.instant();
        Date expiration = claims.getExpirationTime();
        if (expiration == null || !expiration.toInstant().plus(CLOCK_SKEW).isAfter(now)) {
            throw new TokenRejectedException(TokenRejectedException.Reason.EXPIRED, "token expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().minus(CLOCK_SKEW).isAfter(now)) {
            throw new TokenRejectedException(TokenRejectedException.Reason.NOT_YET_VALID, "token not yet valid");
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "token has no subject");
        }
        List<String> groups;
        try {
            List<String> claimed = claims.getStringListClaim("groups");
            groups = claimed == null ? List.of() : List.copyOf(claimed);
        } catch (ParseException e) {
            throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "token groups malformed");
        }
        UUID apiKeyId;
        try {
            String claimed = claims.getStringClaim(AccessTokenIssuer.KEY_ID_CLAIM);
            apiKeyId = claimed == null ? null : UUID.fromString(claimed);
        } catch (ParseException | IllegalArgumentException e) {
            throw new TokenRejectedException(TokenRejectedException.Reason.MALFORMED, "token API key id malformed");
        }
        return new VerifiedToken(subject, groups, kid, claims.getJWTID(), expiration.toInstant(), apiKeyId);
    }
}

package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.nexusgateway.controlplane.config.NexusProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Signs RS256 access tokens with the current signing key: {@code iss}, {@code aud} = [Trino's audience, the API's
 * audience], {@code sub}, {@code groups}, a random {@code jti}, {@code iat}, {@code exp}, header {@code kid}, Trino's
 * principal {@value #PRINCIPAL_CLAIM} and, on a token exchanged for an API key, that key's id {@value #KEY_ID_CLAIM}.
 *
 * <p>Trino's JWT authenticator hands its access control nothing of a token but one claim, the principal
 * ({@code http-server.authentication.jwt.principal-field}), mapped to the user by a pattern. So the key id travels in
 * the principal too ({@code <user>/key/<key id>}), which is how Trino's {@code nexus} access control refuses a token
 * whose key was revoked. The format is pinned by {@code contracts/token-principal.json}, which the control plane,
 * trino-runtime and the plugin all test against.
 *
 * <p>Pure signing: it looks nothing up. Callers decide who the subject is (an authenticated user, or a service
 * principal such as {@code nexus-sync}).
 */
public final class AccessTokenIssuer {
    /** The claim Trino takes as the principal ({@code http-server.authentication.jwt.principal-field}). */
    public static final String PRINCIPAL_CLAIM = "nexus_principal";
    /** The id of the API key a token was exchanged for; absent on other tokens. */
    public static final String KEY_ID_CLAIM = "nexus_key_id";
    /** Between the user and the key id in {@value #PRINCIPAL_CLAIM}. */
    public static final String KEY_SEPARATOR = "/key/";

    private final SigningKeys keys;
    private final NexusProperties.Jwt settings;
    private final Clock clock;

    public AccessTokenIssuer(SigningKeys keys, NexusProperties.Jwt settings, Clock clock) {
        this.keys = requireNonNull(keys, "keys is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * @param lifetime how long the token is valid; at most {@code nexus.security.jwt.max-token-lifetime} (longer is
     *     cut to it: a retired key is published only that long, so a longer token would stop verifying early)
     */
    public IssuedToken issue(String subject, List<String> groups, Duration lifetime) {
        return issue(subject, groups, lifetime, null);
    }

    /**
     * @param apiKeyId the API key the token is exchanged for: the token carries it and stops being accepted (API and
     *     Trino) once that key is revoked or expired, or its user disabled or deleted
     */
    public IssuedToken issue(String subject, List<String> groups, Duration lifetime, @Nullable UUID apiKeyId) {
        requireNonNull(subject, "subject is null");
        requireNonNull(groups, "groups is null");
        requireNonNull(lifetime, "lifetime is null");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("subject is blank");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive: " + lifetime);
        }
        Duration granted = lifetime.compareTo(settings.maxTokenLifetime()) > 0 ? settings.maxTokenLifetime() : lifetime;
        Instant issuedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = issuedAt.plus(granted);
        RSAKey signingKey = keys.signingKey();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(List.of(settings.trinoAudience(), settings.apiAudience()))
                .subject(subject)
                .claim(PRINCIPAL_CLAIM, principal(subject, apiKeyId))
                .claim("groups", List.copyOf(groups))
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt));
        if (apiKeyId != null) {
            claims.claim(KEY_ID_CLAIM, apiKeyId.toString());
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(signingKey.getKeyID())
                .type(JOSEObjectType.JWT)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(new RSASSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign an access token with key " + signingKey.getKeyID(), e);
        }
        return new IssuedToken(jwt.serialize(), expiresAt);
    }

    /** Trino's principal: the user, and the API key behind the token if there is one. */
    static String principal(String subject, @Nullable UUID apiKeyId) {
        return apiKeyId == null ? subject : subject + KEY_SEPARATOR + apiKeyId;
    }

    /** The lifetime of a token when the request names none. */
    public Duration defaultLifetime() {
        return settings.tokenLifetime();
    }

    public Duration maxLifetime() {
        return settings.maxTokenLifetime();
    }
}

package io.nexusgateway.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.JWKGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.nexusgateway.trino.runtime.TrinoHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The control plane's signing-key file (a JWK Set of RSA private keys), as the tests see it: the test harness creates it
 * before Trino starts, so Trino's JWKS (fetched once at start) already holds the keys the control plane will sign with.
 *
 * <p>Format, shared with the control plane: each key has {@code kid}, {@code use=sig}, {@code alg=RS256}, {@code iat}
 * (published since), optional {@code nbf} (signs since) and optional {@code exp} (retired, published until). The signing
 * key is the non-retired key with the greatest {@code nbf} in the past; a key without {@code nbf} is the next key.
 */
public final class JwtKeyFile {
    public static final String ISSUER = "nexus-gateway";
    public static final String TRINO_AUDIENCE = "nexus-trino";
    public static final String API_AUDIENCE = "nexus-api";

    private final Path file;

    public JwtKeyFile(Path file) {
        this.file = requireNonNull(file, "file is null").toAbsolutePath();
    }

    /**
     * Creates the file with a signing key (published two hours ago) and a next key published an hour ago, so a test
     * can rotate once at once: Trino already knows the next key.
     */
    public static JwtKeyFile create(Path file) {
        Instant now = Instant.now();
        JwtKeyFile keys = new JwtKeyFile(file);
        keys.write(new JWKSet(List.of(
                generate(now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(2))),
                generate(now.minus(Duration.ofHours(1)), null))));
        return keys;
    }

    /** A fresh RSA key no key file holds: for tokens Trino and the control plane must refuse. */
    public static RSAKey unknownKey() {
        return generate(Instant.now(), Instant.now());
    }

    public Path file() {
        return file;
    }

    /** The current key set (private keys included), read from the file on every call. */
    public JWKSet read() {
        try {
            return JWKSet.parse(Files.readString(file, UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("Key file " + file + " is not a JWK Set: " + e.getMessage(), e);
        }
    }

    /** What a JWKS endpoint serves: public parts of every key not past its {@code exp}. */
    public String publicJwks() {
        Instant now = Instant.now();
        List<JWK> published = read().getKeys().stream()
                .filter(key -> key.getExpirationTime() == null
                        || key.getExpirationTime().toInstant().isAfter(now))
                .toList();
        return new JWKSet(published).toPublicJWKSet().toString();
    }

    public RSAKey signingKey() {
        Instant now = Instant.now();
        return read().getKeys().stream()
                .filter(key -> key.getExpirationTime() == null)
                .filter(key -> key.getNotBeforeTime() != null
                        && !key.getNotBeforeTime().toInstant().isAfter(now))
                .max(Comparator.comparing(JWK::getNotBeforeTime))
                .map(JWK::toRSAKey)
                .orElseThrow(() -> new IllegalStateException("Key file " + file + " has no signing key"));
    }

    /** A token for {@code subject} as the control plane would issue it, signed with the current signing key. */
    public String token(String subject, Duration lifetime) {
        return token(signingKey(), subject, ISSUER, List.of(TRINO_AUDIENCE, API_AUDIENCE), lifetime);
    }

    /** A token with chosen key, issuer and audience: for the tests of what Trino and the API refuse. */
    public static String token(RSAKey key, String subject, String issuer, List<String> audience, Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject)
                // Trino's principal (http-server.authentication.jwt.principal-field), as the control plane sets it
                .claim(TrinoHome.PRINCIPAL_CLAIM, subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(1)))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private void write(JWKSet keys) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".jwt-keys-", ".json");
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(temp, keys.toString(false), UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RSAKey generate(Instant issued, Instant notBefore) {
        try {
            JWKGenerator<RSAKey> generator = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString())
                    .issueTime(Date.from(issued));
            if (notBefore != null) {
                generator = generator.notBeforeTime(Date.from(notBefore));
            }
            return generator.generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys, kept in a JWK Set file (RFC 7517) of RSA 2048 private keys with {@code kid}, {@code use=sig},
 * {@code alg=RS256}, {@code iat} (created and first published), {@code nbf} (signs from then on) and {@code exp}
 * (retired; published until then).
 *
 * <ul>
 *   <li>The <b>signing key</b> is the non-retired key with the greatest {@code nbf} at or before now.
 *   <li>A key without {@code nbf} is the pre-published <b>next</b> key.
 *   <li>The <b>published</b> keys (the JWKS, and what tokens verify against) are those whose {@code exp} is absent or
 *       in the future.
 * </ul>
 *
 * <p>Trino fetches the JWKS at start and then every 15 minutes, and never on an unknown {@code kid}: a key must be
 * published for a while before it signs, hence the next key and {@link #rotate()}'s {@code publishAhead} rule.
 *
 * <p>The rules are {@link KeyRing}'s, the file is {@link SigningKeyStore}'s: written atomically with mode 0600 and
 * re-read whenever its modification time changes, so another replica (or a test harness) may rotate it. Key material
 * is never logged.
 */
public final class SigningKeys {
    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final SigningKeyStore store;
    private final Clock clock;
    private final Duration publishAhead;
    private final Duration maxTokenLifetime;

    public SigningKeys(Path file, Clock clock, Duration publishAhead, Duration maxTokenLifetime) {
        this.store = new SigningKeyStore(file);
        this.clock = requireNonNull(clock, "clock is null");
        this.publishAhead = requireNonNull(publishAhead, "publishAhead is null");
        this.maxTokenLifetime = requireNonNull(maxTokenLifetime, "maxTokenLifetime is null");
        initialize();
    }

    /** The key tokens are signed with now. */
    public RSAKey signingKey() {
        return current().signingKey(now());
    }

    /** A published key by id, public part only: what a token's {@code kid} must name. */
    public Optional<RSAKey> publishedKey(String kid) {
        return current().publishedKey(kid, now());
    }

    /** The public JWK Set: every key not yet retired, public parts only. */
    public JWKSet publicKeys() {
        return new JWKSet(List.<JWK>copyOf(current().publicKeys(now())));
    }

    /** The keys' ids and times, never their material. */
    public List<KeyInfo> describe() {
        return current().describe(now());
    }

    /**
     * Makes the next key the signing key, retires the current one (published until {@code now + maxTokenLifetime}, so
     * the tokens it signed stay valid until they expire), publishes a new next key and drops keys whose {@code exp}
     * passed.
     *
     * @throws KeyRotationTooSoonException when the next key has been published for less than {@code publishAhead}
     */
    public synchronized Rotation rotate() {
        KeyRing latest = new KeyRing(store.reloadForChange(), store.file().toString());
        KeyRing.Rotated rotated = latest.rotate(now(), publishAhead, maxTokenLifetime);
        store.write(rotated.keys().keys());
        log.info(
                "Rotated the token signing key: {} signs now, {} retired (published until {}), {} is the next key",
                rotated.signingKid(),
                rotated.retiredKid(),
                rotated.retiredKeyPublishedUntil(),
                rotated.nextKid());
        return new Rotation(
                rotated.signingKid(),
                rotated.retiredKid(),
                rotated.retiredKeyPublishedUntil(),
                rotated.nextKid(),
                describe());
    }

    /** The time the signing key started signing, for scheduled rotation. */
    public Instant signingSince() {
        return signingKey().getNotBeforeTime().toInstant();
    }

    public Path file() {
        return store.file();
    }

    private KeyRing current() {
        return new KeyRing(store.current(), store.file().toString());
    }

    private void initialize() {
        if (store.createIfAbsent(() -> KeyRing.initialKeys(now()))) {
            log.warn(
                    "Generated token signing keys in {} (mode 0600); keep this file secret and backed up",
                    store.file());
        }
        Optional<List<RSAKey>> completed = current().completed(now());
        if (completed.isPresent()) {
            log.warn("The signing keys file {} lacked a signing or a next key: added one", store.file());
            store.write(completed.get());
        }
    }

    private Instant now() {
        // JWK times are whole seconds
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * One key's id and times.
     *
     * @param state signing, next, retired or pending
     */
    public record KeyInfo(
            String kid,
            SigningKeyState state,
            @Nullable Instant issuedAt,
            @Nullable Instant notBefore,
            @Nullable Instant expiresAt) {
        static KeyInfo of(RSAKey key, boolean signing, Instant now) {
            Instant notBefore = key.getNotBeforeTime() == null
                    ? null
                    : key.getNotBeforeTime().toInstant();
            Instant expiresAt = key.getExpirationTime() == null
                    ? null
                    : key.getExpirationTime().toInstant();
            return new KeyInfo(
                    key.getKeyID(),
                    SigningKeyState.of(signing, notBefore, expiresAt, now),
                    key.getIssueTime() == null ? null : key.getIssueTime().toInstant(),
                    notBefore,
                    expiresAt);
        }
    }

    /** What a rotation did: ids and times only. */
    public record Rotation(
            String signingKid,
            @Nullable String retiredKid,
            Instant retiredKeyPublishedUntil,
            String nextKid,
            List<KeyInfo> keys) {
        public Rotation {
            requireNonNull(signingKid, "signingKid is null");
            requireNonNull(nextKid, "nextKid is null");
            keys = List.copyOf(keys);
        }
    }
}

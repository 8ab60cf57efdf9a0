package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
 * <p>The file is written atomically with mode 0600 and re-read whenever its modification time changes, so another
 * replica (or a test harness) may rotate it. Key material is never logged.
 */
public final class SigningKeys {
    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final Path file;
    private final Clock clock;
    private final Duration publishAhead;
    private final Duration maxTokenLifetime;

    private volatile Snapshot snapshot;

    public SigningKeys(Path file, Clock clock, Duration publishAhead, Duration maxTokenLifetime) {
        this.file = requireNonNull(file, "file is null").toAbsolutePath();
        this.clock = requireNonNull(clock, "clock is null");
        this.publishAhead = requireNonNull(publishAhead, "publishAhead is null");
        this.maxTokenLifetime = requireNonNull(maxTokenLifetime, "maxTokenLifetime is null");
        this.snapshot = initialize();
    }

    /** The key tokens are signed with now. */
    public RSAKey signingKey() {
        List<RSAKey> keys = current().keys();
        Instant now = now();
        return keys.stream()
                .filter(key -> isPublished(key, now))
                .filter(key -> key.getNotBeforeTime() != null
                        && !key.getNotBeforeTime().toInstant().isAfter(now))
                .max(Comparator.comparing(key -> key.getNotBeforeTime().toInstant()))
                .orElseThrow(() -> new IllegalStateException("No signing key in " + file
                        + " (every key is retired or not yet valid): rotate, or remove the file to start afresh"));
    }

    /** A published key by id, public part only: what a token's {@code kid} must name. */
    public Optional<RSAKey> publishedKey(String kid) {
        Instant now = now();
        return current().keys().stream()
                .filter(key -> kid.equals(key.getKeyID()) && isPublished(key, now))
                .map(RSAKey::toPublicJWK)
                .findFirst();
    }

    /** The public JWK Set: every key not yet retired, public parts only. */
    public JWKSet publicKeys() {
        Instant now = now();
        List<JWK> published = current().keys().stream()
                .filter(key -> isPublished(key, now))
                .map(key -> (JWK) key.toPublicJWK())
                .toList();
        return new JWKSet(published);
    }

    /** The keys' ids and times, never their material. */
    public List<KeyInfo> describe() {
        Instant now = now();
        String signingKid = signingKeyId(current().keys(), now);
        return current().keys().stream()
                .map(key -> KeyInfo.of(key, key.getKeyID().equals(signingKid), now))
                .toList();
    }

    /**
     * Makes the next key the signing key, retires the current one (published until {@code now + maxTokenLifetime}, so
     * the tokens it signed stay valid until they expire), publishes a new next key and drops keys whose {@code exp}
     * passed.
     *
     * @throws KeyRotationTooSoonException when the next key has been published for less than {@code publishAhead}
     */
    public synchronized Rotation rotate() {
        Snapshot latest = reload(true);
        Instant now = now();
        RSAKey next = latest.keys().stream()
                .filter(key -> key.getNotBeforeTime() == null && isPublished(key, now))
                .min(Comparator.comparing(SigningKeys::issuedAt))
                .orElseThrow(() -> new IllegalStateException("No next key in " + file));
        Instant possibleFrom = issuedAt(next).plus(publishAhead);
        if (possibleFrom.isAfter(now)) {
            throw new KeyRotationTooSoonException(next.getKeyID(), possibleFrom);
        }
        String previousKid = signingKeyId(latest.keys(), now);
        Instant retiredUntil = now.plus(maxTokenLifetime);
        List<RSAKey> rotated = new ArrayList<>();
        for (RSAKey key : latest.keys()) {
            if (!isPublished(key, now)) {
                continue;
            }
            if (key.getKeyID().equals(previousKid)) {
                rotated.add(withTimes(key, issuedAt(key), key.getNotBeforeTime().toInstant(), retiredUntil));
            } else if (key.getKeyID().equals(next.getKeyID())) {
                rotated.add(withTimes(key, issuedAt(key), now, null));
            } else if (key.getNotBeforeTime() != null && key.getExpirationTime() == null) {
                // an older signing key that was never retired (a hand-edited file): retire it too
                rotated.add(withTimes(key, issuedAt(key), key.getNotBeforeTime().toInstant(), retiredUntil));
            } else {
                rotated.add(key);
            }
        }
        RSAKey newNext = generate(now, null);
        rotated.add(newNext);
        write(rotated);
        log.info(
                "Rotated the token signing key: {} signs now, {} retired (published until {}), {} is the next key",
                next.getKeyID(),
                previousKid,
                retiredUntil,
                newNext.getKeyID());
        return new Rotation(next.getKeyID(), previousKid, retiredUntil, newNext.getKeyID(), describe());
    }

    /** The time the signing key started signing, for scheduled rotation. */
    public Instant signingSince() {
        return signingKey().getNotBeforeTime().toInstant();
    }

    public Path file() {
        return file;
    }

    private Snapshot current() {
        Snapshot known = snapshot;
        FileTime modified = modifiedTime();
        if (modified != null && modified.equals(known.modified())) {
            return known;
        }
        return reload(false);
    }

    private synchronized Snapshot reload(boolean force) {
        FileTime modified = modifiedTime();
        if (!force && modified != null && modified.equals(snapshot.modified())) {
            return snapshot;
        }
        if (modified == null) {
            // the file vanished (an operator removed it): keep the keys in memory rather than fail every request
            log.warn("The signing keys file {} is gone; keeping the keys last read", file);
            return snapshot;
        }
        try {
            snapshot = read();
        } catch (RuntimeException e) {
            if (force) {
                throw e;
            }
            // a broken file must not take authentication down: keep the last good keys and say so
            log.error("Cannot re-read the signing keys file {}; keeping the keys last read: {}", file, e.getMessage());
            snapshot = new Snapshot(snapshot.keys(), modified);
        }
        return snapshot;
    }

    private Snapshot initialize() {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Instant now = now();
                try {
                    writeNew(List.of(generate(now, now), generate(now, null)));
                    log.warn(
                            "Generated token signing keys in {} (mode 0600); keep this file secret and backed up",
                            file);
                } catch (FileAlreadyExistsException e) {
                    // another process created it first: use theirs
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the signing keys file " + file, e);
        }
        Snapshot read = read();
        Instant now = now();
        List<RSAKey> keys = new ArrayList<>(read.keys());
        boolean changed = false;
        if (signingKeyId(keys, now) == null) {
            keys.add(generate(now, now));
            changed = true;
        }
        if (keys.stream().noneMatch(key -> key.getNotBeforeTime() == null && isPublished(key, now))) {
            keys.add(generate(now, null));
            changed = true;
        }
        if (changed) {
            log.warn("The signing keys file {} lacked a signing or a next key: added one", file);
            write(keys);
            return read();
        }
        return read;
    }

    private Snapshot read() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            JWKSet set = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
            List<RSAKey> keys = new ArrayList<>();
            for (JWK key : set.getKeys()) {
                if (!(key instanceof RSAKey rsaKey) || !rsaKey.isPrivate() || rsaKey.getKeyID() == null) {
                    throw new IllegalStateException(
                            "The signing keys file " + file + " holds a key that is not an RSA private key with a kid");
                }
                keys.add(rsaKey);
            }
            return new Snapshot(List.copyOf(keys), modified);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the signing keys file " + file, e);
        } catch (ParseException e) {
            // never echo the content: it is key material
            throw new IllegalStateException("The signing keys file " + file + " is not a valid JWK Set");
        }
    }

    private void write(List<RSAKey> keys) {
        try {
            Path temporary = Files.createTempFile(
                    file.getParent(),
                    "." + file.getFileName() + ".",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(temporary, toJson(keys), StandardCharsets.UTF_8);
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
            snapshot = read();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the signing keys file " + file, e);
        }
    }

    private void writeNew(List<RSAKey> keys) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, toJson(keys), StandardCharsets.UTF_8);
    }

    private static String toJson(List<RSAKey> keys) {
        // includes the private parts: this file is the key store
        return new JWKSet(List.<JWK>copyOf(keys)).toString(false);
    }

    private @Nullable FileTime modifiedTime() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static @Nullable String signingKeyId(List<RSAKey> keys, Instant now) {
        return keys.stream()
                .filter(key -> isPublished(key, now))
                .filter(key -> key.getNotBeforeTime() != null
                        && !key.getNotBeforeTime().toInstant().isAfter(now))
                .max(Comparator.comparing(key -> key.getNotBeforeTime().toInstant()))
                .map(RSAKey::getKeyID)
                .orElse(null);
    }

    private static boolean isPublished(RSAKey key, Instant now) {
        return key.getExpirationTime() == null
                || key.getExpirationTime().toInstant().isAfter(now);
    }

    private static Instant issuedAt(RSAKey key) {
        // a key without iat (hand-made) counts as published since forever
        return key.getIssueTime() == null ? Instant.EPOCH : key.getIssueTime().toInstant();
    }

    private static RSAKey generate(Instant issuedAt, @Nullable Instant notBefore) {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .issueTime(Date.from(issuedAt))
                    .notBeforeTime(notBefore == null ? null : Date.from(notBefore))
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an RSA signing key", e);
        }
    }

    private static RSAKey withTimes(
            RSAKey key, Instant issuedAt, @Nullable Instant notBefore, @Nullable Instant expiration) {
        return new RSAKey.Builder(key)
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(notBefore == null ? null : Date.from(notBefore))
                .expirationTime(expiration == null ? null : Date.from(expiration))
                .build();
    }

    private Instant now() {
        // JWK times are whole seconds
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private record Snapshot(List<RSAKey> keys, FileTime modified) {}

    /**
     * One key's id and times.
     *
     * @param state {@code signing}, {@code next} (published, signs after the next rotation), {@code retired}
     *     (published until {@code expiresAt}, verifies the tokens it signed) or {@code pending} (signs from
     *     {@code notBefore})
     */
    public record KeyInfo(
            String kid,
            String state,
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
            String state;
            if (signing) {
                state = "signing";
            } else if (notBefore == null) {
                state = "next";
            } else if (expiresAt != null) {
                state = "retired";
            } else {
                state = notBefore.isAfter(now) ? "pending" : "retired";
            }
            return new KeyInfo(
                    key.getKeyID(),
                    state,
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

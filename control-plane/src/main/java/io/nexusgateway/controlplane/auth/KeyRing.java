package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The rules of the signing keys, on a list of RSA keys and an instant, no files: which key signs, which are published,
 * what a rotation makes of them (see {@link SigningKeys} for the rules in words).
 *
 * @param keys the keys, with private parts
 * @param source where the keys are kept, for messages
 */
record KeyRing(List<RSAKey> keys, String source) {
    KeyRing {
        keys = List.copyOf(keys);
        requireNonNull(source, "source is null");
    }

    /** A first signing key and a next key, both published from {@code now}. */
    static List<RSAKey> initialKeys(Instant now) {
        return List.of(generate(now, now), generate(now, null));
    }

    /** The key tokens are signed with at {@code now}: the published one with the greatest {@code nbf} up to now. */
    RSAKey signingKey(Instant now) {
        return signing(now)
                .orElseThrow(() -> new IllegalStateException("No signing key in " + source
                        + " (every key is retired or not yet valid): rotate, or remove the file to start afresh"));
    }

    /** A published key by id, public part only. */
    Optional<RSAKey> publishedKey(String kid, Instant now) {
        return keys.stream()
                .filter(key -> kid.equals(key.getKeyID()) && isPublished(key, now))
                .map(RSAKey::toPublicJWK)
                .findFirst();
    }

    /** Every key not yet retired, public parts only. */
    List<RSAKey> publicKeys(Instant now) {
        return keys.stream()
                .filter(key -> isPublished(key, now))
                .map(RSAKey::toPublicJWK)
                .toList();
    }

    List<SigningKeys.KeyInfo> describe(Instant now) {
        String signingKid = signing(now).map(RSAKey::getKeyID).orElse(null);
        return keys.stream()
                .map(key -> SigningKeys.KeyInfo.of(key, key.getKeyID().equals(signingKid), now))
                .toList();
    }

    /** The keys with a signing and a next key added where either is missing; empty when none is. */
    Optional<List<RSAKey>> completed(Instant now) {
        List<RSAKey> completed = new ArrayList<>(keys);
        if (signing(now).isEmpty()) {
            completed.add(generate(now, now));
        }
        if (next(now).isEmpty()) {
            completed.add(generate(now, null));
        }
        return completed.size() == keys.size() ? Optional.empty() : Optional.of(List.copyOf(completed));
    }

    /**
     * The next key signs from {@code now}, the signing key is retired (published until {@code now + maxTokenLifetime}),
     * a new next key is published, keys whose {@code exp} passed are dropped.
     *
     * @throws KeyRotationTooSoonException when the next key has been published for less than {@code publishAhead}
     */
    Rotated rotate(Instant now, Duration publishAhead, Duration maxTokenLifetime) {
        RSAKey next = next(now).orElseThrow(() -> new IllegalStateException("No next key in " + source));
        Instant possibleFrom = issuedAt(next).plus(publishAhead);
        if (possibleFrom.isAfter(now)) {
            throw new KeyRotationTooSoonException(next.getKeyID(), possibleFrom);
        }
        String previousKid = signing(now).map(RSAKey::getKeyID).orElse(null);
        Instant retiredUntil = now.plus(maxTokenLifetime);
        List<RSAKey> rotated = new ArrayList<>();
        for (RSAKey key : keys) {
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
        return new Rotated(
                new KeyRing(rotated, source), next.getKeyID(), previousKid, retiredUntil, newNext.getKeyID());
    }

    /** What {@link #rotate} made: the new keys, and which key is which. */
    record Rotated(
            KeyRing keys,
            String signingKid,
            @Nullable String retiredKid,
            Instant retiredKeyPublishedUntil,
            String nextKid) {}

    private Optional<RSAKey> signing(Instant now) {
        return keys.stream()
                .filter(key -> isPublished(key, now))
                .filter(key -> key.getNotBeforeTime() != null
                        && !key.getNotBeforeTime().toInstant().isAfter(now))
                .max(Comparator.comparing(key -> key.getNotBeforeTime().toInstant()));
    }

    /** The longest-published key without {@code nbf}. */
    private Optional<RSAKey> next(Instant now) {
        return keys.stream()
                .filter(key -> key.getNotBeforeTime() == null && isPublished(key, now))
                .min(Comparator.comparing(KeyRing::issuedAt));
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
}

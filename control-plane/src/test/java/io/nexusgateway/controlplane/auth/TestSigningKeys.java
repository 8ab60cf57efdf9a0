package io.nexusgateway.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.nexusgateway.controlplane.support.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The key file: created on first start, the signing/next/retired rules, rotation's publish-ahead window, re-reads. */
final class TestSigningKeys {
    private static final Duration PUBLISH_AHEAD = Duration.ofMinutes(20);
    private static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(12);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @Test
    void testCreatesFileWithSigningAndNextKey() throws Exception {
        Path file = newFile();
        SigningKeys keys = new SigningKeys(file, clock, PUBLISH_AHEAD, MAX_TOKEN_LIFETIME);

        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        JWKSet stored = JWKSet.load(file.toFile());
        assertThat(stored.getKeys()).hasSize(2).allSatisfy(key -> {
            assertThat(key).isInstanceOf(RSAKey.class);
            assertThat(key.isPrivate()).isTrue();
            assertThat(key.size()).isEqualTo(2048);
            assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
            assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
            assertThat(key.getIssueTime().toInstant()).isEqualTo(clock.instant());
            assertThat(key.getExpirationTime()).isNull();
        });
        // one signs from now on, the other is the pre-published next key
        assertThat(stored.getKeys())
                .extracting(key -> key.getNotBeforeTime() == null
                        ? null
                        : key.getNotBeforeTime().toInstant())
                .containsExactlyInAnyOrder(clock.instant(), null);
        String signingKid = keys.signingKey().getKeyID();
        assertThat(stored.getKeyByKeyId(signingKid).getNotBeforeTime()).isNotNull();
        assertThat(keys.describe())
                .extracting(SigningKeys.KeyInfo::state)
                .containsExactlyInAnyOrder(SigningKeyState.SIGNING, SigningKeyState.NEXT);

        // public parts only, both published
        JWKSet published = keys.publicKeys();
        assertThat(published.getKeys()).hasSize(2).allSatisfy(key -> assertThat(key.isPrivate())
                .isFalse());
        assertThat(published.toString()).doesNotContain("\"d\"").doesNotContain("\"p\"");

        // a second start reads the same file
        SigningKeys again = new SigningKeys(file, clock, PUBLISH_AHEAD, MAX_TOKEN_LIFETIME);
        assertThat(again.signingKey().getKeyID()).isEqualTo(signingKid);
        assertThat(JWKSet.load(file.toFile()).getKeys()).hasSize(2);
    }

    @Test
    void testRotationNeedsNextKeyPublishedLongEnough() throws Exception {
        Path file = newFile();
        SigningKeys keys = new SigningKeys(file, clock, PUBLISH_AHEAD, MAX_TOKEN_LIFETIME);
        String first = keys.signingKey().getKeyID();
        String next = nextKid(keys);

        clock.advance(PUBLISH_AHEAD.minusSeconds(1));
        assertThatThrownBy(keys::rotate)
                .isInstanceOf(KeyRotationTooSoonException.class)
                .hasMessageContaining("Rotation is possible from 2026-03-01T10:20:00Z");
        assertThat(keys.signingKey().getKeyID()).isEqualTo(first);

        clock.advance(Duration.ofSeconds(1));
        SigningKeys.Rotation rotation = keys.rotate();
        assertThat(rotation.signingKid()).isEqualTo(next);
        assertThat(rotation.retiredKid()).isEqualTo(first);
        assertThat(rotation.retiredKeyPublishedUntil())
                .isEqualTo(clock.instant().plus(MAX_TOKEN_LIFETIME));
        assertThat(keys.signingKey().getKeyID()).isEqualTo(next);
        assertThat(rotation.nextKid()).isNotIn(first, next).isEqualTo(nextKid(keys));
        assertThat(rotation.toString()).doesNotContain("\"d\"");

        // the retired key stays published (its tokens verify) until its exp
        JWKSet stored = JWKSet.load(file.toFile());
        assertThat(stored.getKeyByKeyId(first).getExpirationTime().toInstant())
                .isEqualTo(clock.instant().plus(MAX_TOKEN_LIFETIME));
        assertThat(stored.getKeyByKeyId(next).getNotBeforeTime().toInstant()).isEqualTo(clock.instant());
        assertThat(keys.publicKeys().getKeys()).extracting(JWK::getKeyID).contains(first, next, rotation.nextKid());
        assertThat(keys.publishedKey(first)).isPresent();

        // the new next key must be published long enough too
        assertThatThrownBy(keys::rotate).isInstanceOf(KeyRotationTooSoonException.class);

        // after max-token-lifetime the retired key is no longer published, and the next rotation drops it
        clock.advance(MAX_TOKEN_LIFETIME);
        assertThat(keys.publishedKey(first)).isEmpty();
        assertThat(keys.publicKeys().getKeys()).extracting(JWK::getKeyID).doesNotContain(first);
        keys.rotate();
        assertThat(JWKSet.load(file.toFile()).getKeys())
                .extracting(JWK::getKeyID)
                .doesNotContain(first)
                .contains(next)
                .hasSize(3);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void testReReadsFileChangedByAnotherProcess() throws Exception {
        Path file = newFile();
        SigningKeys keys = new SigningKeys(file, clock, PUBLISH_AHEAD, MAX_TOKEN_LIFETIME);
        String before = keys.signingKey().getKeyID();

        // what a second replica or the test harness does: write a new set (signing key with a later nbf)
        RSAKey signing = key(clock.instant().minusSeconds(60), clock.instant(), null);
        RSAKey next = key(clock.instant(), null, null);
        RSAKey retired = key(
                clock.instant().minusSeconds(3600),
                clock.instant().minusSeconds(3600),
                clock.instant().plusSeconds(60));
        RSAKey expired = key(
                clock.instant().minusSeconds(7200),
                clock.instant().minusSeconds(7200),
                clock.instant().minusSeconds(1));
        Files.writeString(
                file, new JWKSet(List.of(signing, next, retired, expired)).toString(false), StandardCharsets.UTF_8);
        Files.setLastModifiedTime(
                file,
                java.nio.file.attribute.FileTime.from(
                        Files.getLastModifiedTime(file).toInstant().plusSeconds(1)));

        assertThat(keys.signingKey().getKeyID()).isEqualTo(signing.getKeyID()).isNotEqualTo(before);
        assertThat(keys.publicKeys().getKeys())
                .extracting(JWK::getKeyID)
                .containsExactlyInAnyOrder(signing.getKeyID(), next.getKeyID(), retired.getKeyID());
        assertThat(keys.publishedKey(before)).isEmpty();
    }

    private static String nextKid(SigningKeys keys) {
        return keys.describe().stream()
                .filter(info -> info.state() == SigningKeyState.NEXT)
                .map(SigningKeys.KeyInfo::kid)
                .findFirst()
                .orElseThrow();
    }

    static RSAKey key(Instant issuedAt, Instant notBefore, Instant expiration) throws Exception {
        return new RSAKeyGenerator(2048)
                .keyID(UUID.randomUUID().toString())
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .issueTime(Date.from(issuedAt))
                .notBeforeTime(notBefore == null ? null : Date.from(notBefore))
                .expirationTime(expiration == null ? null : Date.from(expiration))
                .generate();
    }

    private static Path newFile() {
        return Path.of("target", "signing-keys-" + UUID.randomUUID(), "jwt-keys.json")
                .toAbsolutePath();
    }
}

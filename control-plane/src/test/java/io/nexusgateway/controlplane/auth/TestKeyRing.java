package io.nexusgateway.controlplane.auth;

import static io.nexusgateway.controlplane.auth.TestSigningKeys.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.nimbusds.jose.jwk.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signing-key rules on keys in memory: no file involved. */
final class TestKeyRing {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration PUBLISH_AHEAD = Duration.ofMinutes(20);
    private static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(12);

    @Test
    void testStatesOfEveryKindOfKey() throws Exception {
        RSAKey signing = key(NOW.minusSeconds(60), NOW.minusSeconds(60), null);
        RSAKey older = key(NOW.minusSeconds(7200), NOW.minusSeconds(7200), null);
        RSAKey next = key(NOW, null, null);
        RSAKey retired = key(NOW.minusSeconds(3600), NOW.minusSeconds(3600), NOW.plusSeconds(60));
        RSAKey pending = key(NOW, NOW.plusSeconds(600), null);
        KeyRing ring = new KeyRing(List.of(signing, older, next, retired, pending), "memory");

        assertThat(ring.signingKey(NOW).getKeyID()).isEqualTo(signing.getKeyID());
        assertThat(ring.describe(NOW))
                .extracting(SigningKeys.KeyInfo::state)
                .containsExactly(
                        SigningKeyState.SIGNING,
                        SigningKeyState.RETIRED,
                        SigningKeyState.NEXT,
                        SigningKeyState.RETIRED,
                        SigningKeyState.PENDING);
        assertThat(ring.publishedKey(retired.getKeyID(), NOW))
                .hasValueSatisfying(key -> assertThat(key.isPrivate()).isFalse());
        assertThat(ring.publishedKey(retired.getKeyID(), NOW.plusSeconds(60))).isEmpty();
        assertThat(ring.publicKeys(NOW.plusSeconds(60))).hasSize(4);
        assertThat(ring.completed(NOW)).isEmpty();
    }

    @Test
    void testNoSigningKeyNamesTheSource() throws Exception {
        KeyRing ring = new KeyRing(List.of(key(NOW, null, null)), "/keys.json");

        assertThatThrownBy(() -> ring.signingKey(NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("No signing key in /keys.json");
        List<RSAKey> completed = ring.completed(NOW).orElseThrow();
        assertThat(new KeyRing(completed, "memory").describe(NOW))
                .extracting(SigningKeys.KeyInfo::state)
                .containsExactly(SigningKeyState.NEXT, SigningKeyState.SIGNING);
    }

    @Test
    void testRotation() throws Exception {
        KeyRing ring = new KeyRing(KeyRing.initialKeys(NOW), "memory");
        String signing = ring.signingKey(NOW).getKeyID();

        assertThatThrownBy(
                        () -> ring.rotate(NOW.plus(PUBLISH_AHEAD).minusSeconds(1), PUBLISH_AHEAD, MAX_TOKEN_LIFETIME))
                .isInstanceOf(KeyRotationTooSoonException.class);

        Instant later = NOW.plus(PUBLISH_AHEAD);
        KeyRing.Rotated rotated = ring.rotate(later, PUBLISH_AHEAD, MAX_TOKEN_LIFETIME);
        assertThat(rotated.retiredKid()).isEqualTo(signing);
        assertThat(rotated.retiredKeyPublishedUntil()).isEqualTo(later.plus(MAX_TOKEN_LIFETIME));
        assertThat(rotated.keys().signingKey(later).getKeyID()).isEqualTo(rotated.signingKid());
        assertThat(rotated.keys().describe(later))
                .extracting(SigningKeys.KeyInfo::kid, SigningKeys.KeyInfo::state)
                .containsExactly(
                        tuple(signing, SigningKeyState.RETIRED),
                        tuple(rotated.signingKid(), SigningKeyState.SIGNING),
                        tuple(rotated.nextKid(), SigningKeyState.NEXT));
    }

    @Test
    void testWireNames() {
        assertThat(Arrays.stream(SigningKeyState.values()).map(SigningKeyState::id))
                .containsExactly("signing", "next", "retired", "pending");
    }
}

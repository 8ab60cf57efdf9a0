package io.nexusgateway.controlplane.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TestSecretCipher {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void testRoundTripAndRandomizedCiphertext() {
        SecretCipher cipher = new SecretCipher(key(), List.of());
        String first = cipher.encrypt("pässword!", "owner-1");
        String second = cipher.encrypt("pässword!", "owner-1");
        assertThat(first).startsWith("v1:").isNotEqualTo(second).doesNotContain("pässword");
        assertThat(cipher.decrypt(first, "owner-1")).isEqualTo("pässword!");
        assertThat(cipher.isCurrent(first)).isTrue();
    }

    @Test
    void testCiphertextIsBoundToItsOwner() {
        SecretCipher cipher = new SecretCipher(key(), List.of());
        String stored = cipher.encrypt("secret", "owner-1");
        assertThatThrownBy(() -> cipher.decrypt(stored, "owner-2"))
                .hasMessageContaining("owner-2")
                .hasMessageNotContaining("secret\"");
    }

    @Test
    void testRotationDecryptsOldAndMarksItForReencryption() {
        byte[] oldKey = key();
        byte[] newKey = key();
        String underOldKey = new SecretCipher(oldKey, List.of()).encrypt("secret", "owner");

        SecretCipher rotated = new SecretCipher(newKey, List.of(oldKey));
        assertThat(rotated.decrypt(underOldKey, "owner")).isEqualTo("secret");
        assertThat(rotated.isCurrent(underOldKey)).isFalse();
        String reencrypted = rotated.encrypt("secret", "owner");
        assertThat(rotated.isCurrent(reencrypted)).isTrue();

        SecretCipher withoutOldKey = new SecretCipher(newKey, List.of());
        assertThatThrownBy(() -> withoutOldKey.decrypt(underOldKey, "owner")).hasMessageContaining("retired key");
        assertThat(withoutOldKey.decrypt(reencrypted, "owner")).isEqualTo("secret");
    }

    @Test
    void testRejectsWrongKeySize() {
        assertThatThrownBy(() -> new SecretCipher(new byte[16], List.of())).hasMessageContaining("32 bytes");
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }
}

package io.nexusgateway.controlplane.identity;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Passwords as {@code {argon2}...} (Argon2id, Spring Security's current defaults) through a
 * {@link DelegatingPasswordEncoder}, so the algorithm can change later without a flag day. A login for a user without a
 * hash (unknown, or no password set) still runs one Argon2 check against a dummy hash, so the answer takes as long.
 */
final class PasswordHasher {
    private static final String ARGON2 = "argon2";

    private final PasswordEncoder encoder = new DelegatingPasswordEncoder(
            ARGON2,
            Map.of(
                    ARGON2,
                    Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                    "bcrypt",
                    new BCryptPasswordEncoder()));
    private final String dummyHash;

    PasswordHasher() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.dummyHash = encoder.encode(Base64.getEncoder().encodeToString(random));
    }

    String hash(String password) {
        return encoder.encode(password);
    }

    boolean matches(String password, @Nullable String hash) {
        try {
            if (hash == null) {
                encoder.matches(password, dummyHash);
                return false;
            }
            return encoder.matches(password, hash);
        } catch (IllegalArgumentException e) {
            // a hash of an unknown format: no match
            return false;
        }
    }
}

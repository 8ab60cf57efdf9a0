package io.nexusgateway.controlplane.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys: {@code nxk_} and 256 random bits (base64url, no dots, so never mistaken for a JWT), stored as their
 * SHA-256. A fast hash is right for a key with 256 bits of entropy; a KDF is for passwords.
 */
final class ApiKeys {
    static final String PREFIX = "nxk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

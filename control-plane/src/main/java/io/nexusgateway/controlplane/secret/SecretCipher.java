package io.nexusgateway.controlplane.secret;

import static java.util.Objects.requireNonNull;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * Encrypts secrets at rest with AES-256-GCM through a Tink keyset built from the configured keys: the current key is
 * primary, previous keys only decrypt. Tink prefixes each ciphertext with its key's id, so a rotation needs no
 * flag day: old rows decrypt with the previous key and are re-encrypted under the new one.
 * The associated data binds a ciphertext to its owner (the datasource id): a value copied to another row fails.
 */
public final class SecretCipher {
    private static final String PREFIX = "v1:";

    private final Aead aead;
    private final int primaryKeyId;

    public SecretCipher(byte[] currentKey, List<byte[]> previousKeys) {
        requireNonNull(currentKey, "currentKey is null");
        try {
            AeadConfig.register();
            AesGcmParameters parameters = AesGcmParameters.builder()
                    .setKeySizeBytes(32)
                    .setIvSizeBytes(12)
                    .setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.TINK)
                    .build();
            this.primaryKeyId = keyId(currentKey);
            KeysetHandle.Builder builder = KeysetHandle.newBuilder();
            builder.addEntry(KeysetHandle.importKey(aesKey(parameters, currentKey))
                    .withFixedId(primaryKeyId)
                    .makePrimary());
            for (byte[] previous : previousKeys) {
                int id = keyId(previous);
                if (id != primaryKeyId) {
                    builder.addEntry(
                            KeysetHandle.importKey(aesKey(parameters, previous)).withFixedId(id));
                }
            }
            this.aead = builder.build().getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot build the secret keyset: " + e.getMessage(), e);
        }
    }

    public String encrypt(String plaintext, String owner) {
        try {
            byte[] ciphertext =
                    aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), owner.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public String decrypt(String stored, String owner) {
        if (!stored.startsWith(PREFIX)) {
            throw new IllegalStateException("Unknown secret format");
        }
        try {
            byte[] plaintext = aead.decrypt(
                    Base64.getDecoder().decode(stored.substring(PREFIX.length())),
                    owner.getBytes(StandardCharsets.UTF_8));
            return new String(plaintext, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // never include the ciphertext or key material
            throw new IllegalStateException(
                    "Cannot decrypt secret of " + owner + ": wrong or retired key (see README, key rotation)");
        }
    }

    /** True when {@code stored} was encrypted under the current primary key (false: re-encrypt after a rotation). */
    public boolean isCurrent(String stored) {
        if (!stored.startsWith(PREFIX)) {
            return false;
        }
        byte[] ciphertext = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        // Tink output prefix: one version byte (0x01) then the 4-byte key id
        return ciphertext.length > 5
                && ciphertext[0] == 1
                && ByteBuffer.wrap(ciphertext, 1, 4).getInt() == primaryKeyId;
    }

    private static AesGcmKey aesKey(AesGcmParameters parameters, byte[] key) throws GeneralSecurityException {
        if (key.length != 32) {
            throw new GeneralSecurityException(
                    "a secret key must be 32 bytes (base64 of 32 random bytes), got " + key.length);
        }
        return AesGcmKey.builder()
                .setParameters(parameters)
                .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()))
                .setIdRequirement(keyId(key))
                .build();
    }

    // a stable id per key, derived from a hash so that configuration needs no ids
    static int keyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return ByteBuffer.wrap(digest).getInt() & 0x7fffffff;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

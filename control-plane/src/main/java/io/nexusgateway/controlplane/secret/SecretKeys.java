package io.nexusgateway.controlplane.secret;

import io.nexusgateway.controlplane.config.NexusProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where the secret key comes from: {@code NEXUS_SECRET_KEY}, else a dev key file created with mode 0600. */
final class SecretKeys {
    private static final Logger log = LoggerFactory.getLogger(SecretKeys.class);

    private SecretKeys() {}

    static SecretCipher cipher(NexusProperties.Secrets secrets) {
        byte[] current = currentKey(secrets);
        List<byte[]> previous = secrets.previousKeys().stream()
                .filter(key -> !key.isBlank())
                .map(key -> decode(key, "a previous key"))
                .toList();
        return new SecretCipher(current, previous);
    }

    private static byte[] currentKey(NexusProperties.Secrets secrets) {
        if (secrets.key() != null && !secrets.key().isBlank()) {
            return decode(secrets.key(), "NEXUS_SECRET_KEY");
        }
        Path keyFile = secrets.keyFile();
        if (keyFile == null) {
            throw new IllegalStateException(
                    "No secret key: set NEXUS_SECRET_KEY (base64 of 32 random bytes, e.g. `openssl rand -base64 32`) or nexus.secrets.key-file");
        }
        try {
            if (!Files.exists(keyFile)) {
                Files.createDirectories(keyFile.toAbsolutePath().getParent());
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                try {
                    Files.createFile(
                            keyFile,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(
                            keyFile, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
                    log.warn(
                            "Generated a development secret key in {} (mode 0600); set NEXUS_SECRET_KEY in production",
                            keyFile);
                } catch (FileAlreadyExistsException e) {
                    // another process created it first: use theirs
                }
            }
            return decode(Files.readString(keyFile, StandardCharsets.US_ASCII), "key file " + keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the secret key file " + keyFile, e);
        }
    }

    private static byte[] decode(String base64, String what) {
        try {
            byte[] key = Base64.getDecoder().decode(base64.strip());
            if (key.length != 32) {
                throw new IllegalStateException(
                        what + " must be base64 of exactly 32 bytes, got " + key.length + " bytes");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(what + " is not valid base64");
        }
    }
}

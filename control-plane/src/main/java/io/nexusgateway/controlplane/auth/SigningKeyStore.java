package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys' JWK Set file: written atomically with mode 0600, re-read whenever its modification time changes
 * (another replica or a test harness may rotate it). Key material is never logged or echoed.
 */
final class SigningKeyStore {
    private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);

    private final Path file;
    private volatile @Nullable Snapshot snapshot;

    SigningKeyStore(Path file) {
        this.file = requireNonNull(file, "file is null").toAbsolutePath();
    }

    Path file() {
        return file;
    }

    /**
     * Creates the file with {@code initialKeys} unless it exists; false when it did (or another process created it
     * first: theirs is used).
     */
    boolean createIfAbsent(Supplier<List<RSAKey>> initialKeys) {
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                return false;
            }
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            Files.writeString(file, toJson(initialKeys.get()), StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the signing keys file " + file, e);
        }
    }

    /**
     * The keys last read, re-read when the file changed. A file gone or broken meanwhile does not take authentication
     * down: the keys last read stay, and the log says so.
     */
    List<RSAKey> current() {
        Snapshot known = snapshot;
        FileTime modified = modifiedTime();
        if (known != null && modified != null && modified.equals(known.modified())) {
            return known.keys();
        }
        return reload(false);
    }

    /** The keys as the file holds them now, for a change to start from; a broken file fails. */
    List<RSAKey> reloadForChange() {
        return reload(true);
    }

    /** Replaces the file's keys (atomically, mode 0600). */
    void write(List<RSAKey> keys) {
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

    private synchronized List<RSAKey> reload(boolean force) {
        Snapshot known = snapshot;
        if (known == null) {
            Snapshot read = read();
            snapshot = read;
            return read.keys();
        }
        FileTime modified = modifiedTime();
        if (!force && modified != null && modified.equals(known.modified())) {
            return known.keys();
        }
        if (modified == null) {
            // the file vanished (an operator removed it): keep the keys in memory rather than fail every request
            log.warn("The signing keys file {} is gone; keeping the keys last read", file);
            return known.keys();
        }
        try {
            snapshot = read();
        } catch (RuntimeException e) {
            if (force) {
                throw e;
            }
            // a broken file must not take authentication down: keep the last good keys and say so
            log.error("Cannot re-read the signing keys file {}; keeping the keys last read: {}", file, e.getMessage());
            snapshot = new Snapshot(known.keys(), modified);
        }
        return requireNonNull(snapshot).keys();
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

    private record Snapshot(List<RSAKey> keys, FileTime modified) {}
}

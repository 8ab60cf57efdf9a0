package io.nexusgateway.trino.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the Trino home and the spool store hold (credentials, shared secrets, query results, logs naming users) is for
 * their owner only: files 0600 in directories 0700, also for files the processes create themselves.
 */
final class PrivateFiles {
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    /** Creates {@code directory} and missing parents as 0700, and makes {@code directory} itself 0700. */
    static Path createDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        List<Path> missing = new ArrayList<>();
        for (Path current = absolute; current != null && !Files.exists(current); current = current.getParent()) {
            missing.addFirst(current);
        }
        for (Path path : missing) {
            Files.createDirectories(path, PosixFilePermissions.asFileAttribute(DIRECTORY));
        }
        if (!Files.isSymbolicLink(absolute)) {
            Files.setPosixFilePermissions(absolute, DIRECTORY);
        }
        return directory;
    }

    /** {@code file}, created empty if missing, made 0600 (e.g. a log a process appends to). */
    static Path createFile(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(file, FILE);
        }
        return file;
    }

    /**
     * Writes {@code text} to {@code file} as 0600 from the first byte (a temporary file in the same directory, moved
     * over the old one), so no reader ever sees it with wider permissions or half written.
     */
    static void write(Path file, String text) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(
                directory, "." + file.getFileName(), ".tmp", PosixFilePermissions.asFileAttribute(FILE));
        try {
            Files.writeString(temporary, text, UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * {@code command} run with umask 077, so that what the process creates (Trino's catalog files, logs, the audit
     * spool, spooled result segments) is private too. {@code exec} keeps the pid: it is the JVM's.
     */
    static List<String> withPrivateUmask(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", "umask 077 && exec \"$0\" \"$@\""));
        wrapped.addAll(command);
        return List.copyOf(wrapped);
    }
}

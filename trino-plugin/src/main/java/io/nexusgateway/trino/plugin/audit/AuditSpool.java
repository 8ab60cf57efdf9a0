package io.nexusgateway.trino.plugin.audit;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The local durable queue of audit records: a directory with one JSON file per record, named so that name order is
 * arrival order ({@code <epoch-millis>-<sequence>-<query id>.json}). A record is written to a temporary file and
 * renamed, so a crash leaves either the whole record or nothing (stray temporaries are removed at start). Files are
 * not fsync'ed: a record survives a crash or kill of Trino, not a power loss of the host.
 *
 * <p>Bounded by a number of records; {@link #offer} refuses a record when the spool is full. Records that the
 * control plane rejects as malformed are moved to {@code rejected/} for an operator instead of blocking the queue.
 */
final class AuditSpool {
    static final String SUFFIX = ".json";
    private static final String TEMPORARY_SUFFIX = ".tmp";
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9_.-]");

    private final Path directory;
    private final Path rejectedDirectory;
    private final int maxRecords;
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();

    AuditSpool(Path directory, int maxRecords) {
        this.directory = requireNonNull(directory, "directory is null").toAbsolutePath();
        this.rejectedDirectory = this.directory.resolve("rejected");
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1");
        }
        this.maxRecords = maxRecords;
        try {
            Files.createDirectories(this.directory);
            int count = 0;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.directory)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (name.endsWith(TEMPORARY_SUFFIX)) {
                        Files.deleteIfExists(entry);
                    } else if (name.endsWith(SUFFIX)) {
                        count++;
                    }
                }
            }
            size.set(count);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the audit spool " + this.directory + ": " + e.getMessage(), e);
        }
    }

    Path directory() {
        return directory;
    }

    int size() {
        return size.get();
    }

    /** Stores one record; false when the spool is full (nothing is written). */
    boolean offer(String queryId, long epochMillis, byte[] json) throws IOException {
        if (size.incrementAndGet() > maxRecords) {
            size.decrementAndGet();
            return false;
        }
        String name = "%013d-%09d-%s"
                .formatted(
                        epochMillis,
                        sequence.incrementAndGet() % 1_000_000_000L,
                        UNSAFE.matcher(queryId).replaceAll("_"));
        Path temporary = directory.resolve("." + name + TEMPORARY_SUFFIX);
        try {
            Files.write(temporary, json);
            move(temporary, directory.resolve(name + SUFFIX));
        } catch (IOException | RuntimeException e) {
            size.decrementAndGet();
            Files.deleteIfExists(temporary);
            throw e;
        }
        return true;
    }

    /** Up to {@code limit} of the oldest records. */
    List<Spooled> peek(int limit) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            entries.forEach(files::add);
        }
        files.sort(null);
        List<Spooled> batch = new ArrayList<>();
        for (Path file : files) {
            if (batch.size() >= limit) {
                break;
            }
            try {
                batch.add(new Spooled(file, Files.readAllBytes(file)));
            } catch (NoSuchFileException e) {
                // delivered and removed meanwhile
            }
        }
        return batch;
    }

    /** Removes delivered records. */
    void remove(List<Spooled> delivered) throws IOException {
        for (Spooled record : delivered) {
            if (Files.deleteIfExists(record.file())) {
                size.decrementAndGet();
            }
        }
    }

    /** Moves records the control plane refused as malformed out of the queue, to {@code rejected/}. */
    void reject(List<Spooled> rejected) throws IOException {
        Files.createDirectories(rejectedDirectory);
        for (Spooled record : rejected) {
            move(record.file(), rejectedDirectory.resolve(record.file().getFileName()));
            size.decrementAndGet();
        }
    }

    private static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A spooled record: its file and its JSON. */
    record Spooled(Path file, byte[] json) {
        Spooled {
            requireNonNull(file, "file is null");
            requireNonNull(json, "json is null");
        }
    }
}

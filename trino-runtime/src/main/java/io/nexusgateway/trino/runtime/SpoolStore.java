package io.nexusgateway.trino.runtime;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The embedded spool store: S3Proxy ({@code org.gaul:s3proxy}, fetched by Maven) serving an S3 API on loopback over a
 * plain folder, so Trino's spooling protocol works out of the box. A real S3/GCS/Azure location replaces it in
 * production (see {@link SpoolingConfig#fromProperties}). One process, started from an argfile like Trino.
 */
public final class SpoolStore implements AutoCloseable {
    private final Config config;
    private final Process process;

    /**
     * @param home directory holding {@code s3proxy.properties} (0600: it holds the credentials), {@code data/} (the
     *     buckets, one folder each), {@code launch.args} and {@code log/}
     * @param port loopback port of the S3 endpoint
     * @param bucket the bucket Trino writes segments to
     */
    public record Config(Path home, int port, String bucket, String accessKey, String secretKey) {
        public Config {
            requireNonNull(home, "home is null");
            home = home.toAbsolutePath().normalize();
            if (port <= 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            requireNonNull(bucket, "bucket is null");
            if (!bucket.matches("[a-z0-9][a-z0-9-]{2,62}")) {
                throw new IllegalArgumentException("not an S3 bucket name: " + bucket);
            }
            requireNonNull(accessKey, "accessKey is null");
            requireNonNull(secretKey, "secretKey is null");
        }

        public URI endpoint() {
            return URI.create("http://127.0.0.1:" + port);
        }

        public Path dataDir() {
            return home.resolve("data");
        }

        /** The folder holding the bucket's objects: what the spooled segments cost on disk. */
        public Path bucketDir() {
            return dataDir().resolve(bucket);
        }

        public Path argFile() {
            return home.resolve("launch.args");
        }

        public Path logFile() {
            return home.resolve("log").resolve("s3proxy.log");
        }

        @Override
        public String toString() {
            return "SpoolStore.Config[home=" + home + ", port=" + port + ", bucket=" + bucket + "]";
        }
    }

    private SpoolStore(Config config, Process process) {
        this.config = config;
        this.process = process;
    }

    /** Writes the store's properties and argfile (the bucket folder is created, existing segments kept). */
    public static Path prepare(Config config) {
        try {
            // the segments are query results, the properties the credentials: the owner's only
            PrivateFiles.createDirectories(config.home());
            PrivateFiles.createDirectories(config.dataDir());
            PrivateFiles.createDirectories(config.bucketDir());
            PrivateFiles.createDirectories(config.logFile().getParent());
            PrivateFiles.createFile(config.logFile());
            SortedMap<String, String> properties = new TreeMap<>();
            properties.put("s3proxy.endpoint", config.endpoint().toString());
            properties.put("s3proxy.authorization", "aws-v2-or-v4");
            properties.put("s3proxy.identity", config.accessKey());
            properties.put("s3proxy.credential", config.secretKey());
            properties.put("jclouds.provider", "filesystem");
            properties.put("jclouds.filesystem.basedir", config.dataDir().toString());
            Path propertiesFile = config.home().resolve("s3proxy.properties");
            TrinoHome.writeProperties(propertiesFile, properties); // 0600: it holds the credentials
            List<String> arguments = List.of(
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    // S3Proxy logs every request at INFO: keep its log to warnings
                    "-DLOG_LEVEL=warn",
                    "-jar",
                    jar().toString(),
                    "--properties",
                    propertiesFile.toString());
            StringBuilder text = new StringBuilder();
            for (String argument : arguments) {
                text.append('"')
                        .append(argument.replace("\\", "\\\\").replace("\"", "\\\""))
                        .append("\"\n");
            }
            PrivateFiles.write(config.argFile(), text.toString());
            return config.argFile();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot lay out the spool store in " + config.home() + ": " + e.getMessage(), e);
        }
    }

    /** Lays out and starts the store with {@code java} from {@code javaHome}; output goes to its log file. */
    public static SpoolStore start(Config config, Path javaHome) {
        Path argFile = prepare(config);
        ProcessBuilder builder = new ProcessBuilder(PrivateFiles.withPrivateUmask(
                        List.of(javaHome.resolve("bin").resolve("java").toString(), "@" + argFile)))
                .directory(config.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(config.logFile().toFile()));
        try {
            return new SpoolStore(config, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the spool store: " + e.getMessage(), e);
        }
    }

    /** The S3Proxy jar Maven cached (recorded at build time, like the Trino tarball). */
    public static Path jar() {
        return TrinoDistribution.cachedArtifact("s3proxy", "org.gaul:s3proxy:jar-with-dependencies");
    }

    public Config config() {
        return config;
    }

    public URI endpoint() {
        return config.endpoint();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Polls the endpoint until it answers HTTP (any status: unauthenticated requests get 403); fails fast if it died. */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The spool store exited with code " + process.exitValue()
                        + " during startup; see " + config.logFile());
            }
            if (isReady(config.endpoint())) {
                return;
            }
            try {
                Thread.sleep(100); // polling interval; the deadline decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the spool store", e);
            }
        }
        throw new IllegalStateException(
                "The spool store did not start within " + timeout + "; see " + config.logFile());
    }

    /** True when an S3 endpoint answers at {@code endpoint}. */
    public static boolean isReady(URI endpoint) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            client.send(request, HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Bytes of spooled segments on disk now. */
    public static long bytesOnDisk(Path bucketDir) {
        if (!Files.isDirectory(bucketDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(bucketDir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException e) {
                            return 0; // deleted while walking
                        }
                    })
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    public void stop(Duration grace) {
        TrinoDistribution.stop(process, grace);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }
}

package io.nexusgateway.trino.runtime;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Trino's spooling protocol with the filesystem spooling manager: large results are written as segments to object
 * storage and clients fetch them in parallel with the query, instead of one page per round trip through the
 * coordinator (~2.7× the rows/s on this hardware, a third of Trino's CPU; see docs/benchmarks.md).
 *
 * @param location where segments go: {@code s3://bucket/prefix/}, {@code gs://...} or {@code abfs://...}, ending with {@code /}
 * @param storageProperties the file system's own settings ({@code s3.endpoint}, {@code s3.region}, credentials, ...)
 * @param sharedSecretKey base64 of 256 random bits: Trino encrypts segment identifiers with it, which makes a segment URI
 *     an unguessable capability (segment downloads need no user authentication)
 * @param retrievalMode how clients fetch segments
 * @param ttl how long a segment may wait for its client before Trino's pruner deletes it
 * @param pruningInterval how often the pruner looks for expired segments
 * @param segmentEncryption encrypt segments with ephemeral keys (S3 SSE-C); the local S3Proxy store does not implement it
 */
public record SpoolingConfig(
        URI location,
        SortedMap<String, String> storageProperties,
        String sharedSecretKey,
        RetrievalMode retrievalMode,
        Duration ttl,
        Duration pruningInterval,
        boolean segmentEncryption) {
    public static final String SPOOLING_MANAGER_FILE = "spooling-manager.properties";
    static final String CLEANUP_LISTENER_FILE = "spooling-cleanup-listener.properties";
    private static final String FILESYSTEM_MANAGER = "filesystem";
    // names in module trino-spooling-plugin
    private static final String NEXUS_MANAGER = "nexus-filesystem";
    private static final String CLEANUP_LISTENER = "nexus-spooling-cleanup";

    /**
     * A segment TTL longer than the longest stream the control plane allows ({@code nexus.query.max-timeout}, 2 h) would
     * only keep abandoned segments longer; a shorter one could expire segments under a slow reader. One hour covers the
     * default stream timeout (30 min) twice over while keeping a crashed client's leftovers short-lived.
     */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    /** Trino's 5 min default would keep expired segments up to 5 min past their TTL. */
    public static final Duration DEFAULT_PRUNING_INTERVAL = Duration.ofMinutes(1);

    /** How clients fetch segments ({@code protocol.spooling.retrieval-mode}). */
    public enum RetrievalMode {
        /** clients go to the storage with pre-signed URIs: the storage must be reachable from every client */
        STORAGE,
        /** the coordinator redirects to pre-signed storage URIs */
        COORDINATOR_STORAGE_REDIRECT,
        /** the coordinator reads the segment and relays it: clients need only reach Trino */
        COORDINATOR_PROXY,
        /** like COORDINATOR_PROXY, through a worker */
        WORKER_PROXY
    }

    public SpoolingConfig {
        requireNonNull(location, "location is null");
        String scheme = location.getScheme();
        if (scheme == null || !(scheme.equals("s3") || scheme.equals("gs") || scheme.startsWith("abfs"))) {
            // Trino refuses a local directory ("Unknown file system scheme: file")
            throw new IllegalArgumentException("spooling location must be s3://, gs:// or abfs(s)://: " + location);
        }
        if (!location.toString().endsWith("/")) {
            throw new IllegalArgumentException("spooling location must end with '/': " + location);
        }
        storageProperties = new TreeMap<>(storageProperties);
        requireNonNull(sharedSecretKey, "sharedSecretKey is null");
        if (decodedLength(sharedSecretKey) != 32) {
            throw new IllegalArgumentException("sharedSecretKey must be base64 of 32 bytes (256 bits)");
        }
        requireNonNull(retrievalMode, "retrievalMode is null");
        requireNonNull(ttl, "ttl is null");
        requireNonNull(pruningInterval, "pruningInterval is null");
        if (ttl.isNegative() || ttl.isZero() || pruningInterval.isNegative() || pruningInterval.isZero()) {
            throw new IllegalArgumentException("ttl and pruningInterval must be positive");
        }
    }

    /**
     * Spooling to a local S3-compatible store (S3Proxy from {@code bin/nexus up} and the tests). Segments are relayed by
     * the coordinator: the store listens on Trino's loopback, where a remote JDBC user could not reach it, and the relay
     * measured as fast as direct fetching (trino-notes).
     */
    public static SpoolingConfig localS3(
            URI endpoint, String bucket, String accessKey, String secretKey, String sharedSecretKey) {
        SortedMap<String, String> storage = new TreeMap<>();
        storage.put("s3.endpoint", endpoint.toString());
        storage.put("s3.region", "us-east-1");
        storage.put("s3.path-style-access", "true");
        storage.put("s3.aws-access-key", accessKey);
        storage.put("s3.aws-secret-key", secretKey);
        return new SpoolingConfig(
                URI.create("s3://" + bucket + "/"),
                storage,
                sharedSecretKey,
                RetrievalMode.COORDINATOR_PROXY,
                DEFAULT_TTL,
                DEFAULT_PRUNING_INTERVAL,
                false);
    }

    /**
     * From a properties file ({@code bin/nexus}): {@code location}, {@code shared-secret-key}, optional
     * {@code retrieval-mode}, {@code ttl} and {@code pruning-interval} (ISO-8601 or e.g. {@code 1h}, {@code 30m}),
     * {@code segment-encryption}; every {@code s3.*}, {@code gcs.*} and {@code azure.*} key goes to the file system.
     */
    public static SpoolingConfig fromProperties(Map<String, String> properties) {
        SortedMap<String, String> storage = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith("s3.") || key.startsWith("gcs.") || key.startsWith("azure.")) {
                storage.put(key, value);
            }
        });
        String location = properties.get("location");
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("spooling: 'location' is required");
        }
        String secret = properties.get("shared-secret-key");
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("spooling: 'shared-secret-key' is required");
        }
        return new SpoolingConfig(
                URI.create(location.strip()),
                storage,
                secret.strip(),
                RetrievalMode.valueOf(
                        properties.getOrDefault("retrieval-mode", RetrievalMode.COORDINATOR_PROXY.name())),
                duration(properties.get("ttl"), DEFAULT_TTL),
                duration(properties.get("pruning-interval"), DEFAULT_PRUNING_INTERVAL),
                Boolean.parseBoolean(properties.getOrDefault("segment-encryption", "false")));
    }

    /** {@code config} with the protocol enabled in {@code config.properties} and the spooling manager in {@code etc/}. */
    public TrinoNodeConfig applyTo(TrinoNodeConfig config) {
        return applyTo(config, Optional.empty());
    }

    /**
     * {@link #applyTo(TrinoNodeConfig)}, with Nexus' spooling plugin (module {@code trino-spooling-plugin}) where
     * given: Trino's filesystem spooling manager that also deletes the segments of failed and canceled queries.
     */
    public TrinoNodeConfig applyTo(TrinoNodeConfig config, Optional<Path> nexusSpoolingPlugin) {
        SortedMap<String, String> protocol = new TreeMap<>();
        protocol.put("protocol.spooling.enabled", "true");
        protocol.put("protocol.spooling.shared-secret-key", sharedSecretKey);
        protocol.put("protocol.spooling.retrieval-mode", retrievalMode.name());
        TrinoNodeConfig spooling = config.withExtraConfig(protocol);
        if (nexusSpoolingPlugin.isEmpty()) {
            return spooling.withEtcFile(SPOOLING_MANAGER_FILE, spoolingManagerProperties(FILESYSTEM_MANAGER));
        }
        List<Path> plugins = new ArrayList<>(config.extraPlugins());
        plugins.add(nexusSpoolingPlugin.get());
        return spooling.withExtraPlugins(plugins)
                .withEtcFile(SPOOLING_MANAGER_FILE, spoolingManagerProperties(NEXUS_MANAGER))
                .withEventListener(CLEANUP_LISTENER_FILE, Map.of("event-listener.name", CLEANUP_LISTENER));
    }

    /** {@code etc/spooling-manager.properties} for Trino's own filesystem spooling manager. */
    public SortedMap<String, String> spoolingManagerProperties() {
        return spoolingManagerProperties(FILESYSTEM_MANAGER);
    }

    // the wrapping manager takes the filesystem manager's settings
    private SortedMap<String, String> spoolingManagerProperties(String managerName) {
        SortedMap<String, String> manager = new TreeMap<>();
        manager.put("spooling-manager.name", managerName);
        String scheme = location.getScheme();
        manager.put(
                scheme.equals("s3") ? "fs.s3.enabled" : scheme.equals("gs") ? "fs.gcs.enabled" : "fs.azure.enabled",
                "true");
        manager.put("fs.location", location.toString());
        manager.put("fs.segment.ttl", airliftDuration(ttl));
        manager.put("fs.segment.pruning.interval", airliftDuration(pruningInterval));
        manager.put("fs.segment.encryption", Boolean.toString(segmentEncryption));
        manager.putAll(storageProperties);
        return manager;
    }

    @Override
    public String toString() {
        // the record's default would print credentials and the shared secret
        return "SpoolingConfig[location=" + location + ", retrievalMode=" + retrievalMode + ", ttl=" + ttl + "]";
    }

    private static Duration duration(@Nullable String value, Duration defaultValue) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        String text = value.strip();
        if (text.startsWith("P") || text.startsWith("p")) {
            return Duration.parse(text);
        }
        return Duration.parse("PT" + text.toUpperCase(java.util.Locale.ROOT));
    }

    private static String airliftDuration(Duration duration) {
        return duration.toSeconds() + "s";
    }

    private static int decodedLength(String base64) {
        try {
            return Base64.getDecoder().decode(base64.strip()).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}

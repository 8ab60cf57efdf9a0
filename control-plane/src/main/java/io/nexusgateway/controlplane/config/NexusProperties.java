package io.nexusgateway.controlplane.config;

import static java.util.Objects.requireNonNull;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** All of the control plane's own settings, under {@code nexus.*}. */
@ConfigurationProperties("nexus")
@Validated
public record NexusProperties(
        @DefaultValue @Valid Trino trino,
        @DefaultValue @Valid Sync sync,
        @DefaultValue @Valid Security security,
        @DefaultValue @Valid Secrets secrets,
        @DefaultValue @Valid Datasources datasources,
        @DefaultValue @Valid Query query) {
    public NexusProperties {
        requireNonNull(trino, "trino is null");
        requireNonNull(sync, "sync is null");
        requireNonNull(security, "security is null");
        requireNonNull(secrets, "secrets is null");
        requireNonNull(datasources, "datasources is null");
        requireNonNull(query, "query is null");
    }

    /**
     * @param uri Trino's coordinator (loopback HTTP in the default setup)
     * @param syncUser the principal the catalog-sync service uses in Trino
     * @param healthTimeout how long a health probe may take
     */
    public record Trino(
            @DefaultValue("http://127.0.0.1:8081") @NotNull URI uri,
            @DefaultValue("nexus-sync") @NotNull String syncUser,
            @DefaultValue("3s") @NotNull Duration healthTimeout) {
        public String jdbcUrl() {
            return "jdbc:trino://" + uri.getHost() + ":" + uri.getPort();
        }
    }

    /**
     * @param enabled reconcile at all (disable for registry-only deployments and tests)
     * @param interval periodic full reconcile
     * @param watchInterval how often Trino's availability is probed; a restart triggers a reconcile at once
     * @param requestTimeout how long an API write waits for its catalog to sync before answering
     * @param parallelism catalogs created at once (a rebuild after a Trino wipe)
     */
    public record Sync(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("30s") @NotNull Duration interval,
            @DefaultValue("2s") @NotNull Duration watchInterval,
            @DefaultValue("15s") @NotNull Duration requestTimeout,
            @DefaultValue("4") @Min(1) @Max(32) int parallelism) {}

    /**
     * @param adminApiKey the bootstrap admin API key (bearer); {@code bin/nexus up} generates one
     * @param internalToken bearer token Trino's secrets provider presents on {@code /internal/**}
     */
    public record Security(
            @Nullable String adminApiKey, @Nullable String internalToken) {}

    /**
     * @param key base64 AES-256 key ({@code NEXUS_SECRET_KEY}); wins over {@code keyFile}
     * @param keyFile dev fallback: a key file created with mode 0600 when missing
     * @param previousKeys retired keys still accepted for decryption during a rotation
     */
    public record Secrets(
            @Nullable String key,
            @Nullable Path keyFile,
            @DefaultValue List<String> previousKeys) {
        public Secrets {
            previousKeys = List.copyOf(previousKeys);
        }
    }

    /** @param connectionTestTimeout upper bound of {@code POST /datasources/{id}/test} */
    public record Datasources(@DefaultValue("10s") @NotNull Duration connectionTestTimeout) {}

    /**
     * The query API.
     *
     * @param defaultLimit rows per page when a request names no {@code limit}
     * @param maxLimit the largest {@code limit} accepted (a bigger result: page with offset, or stream it)
     * @param defaultTimeout {@code /query}'s time limit when a request names no {@code timeoutMs}
     * @param streamTimeout {@code /query/stream}'s time limit when a request names no {@code timeoutMs}
     * @param maxTimeout the largest {@code timeoutMs} accepted
     * @param maxSqlLength the longest statement accepted, in characters
     * @param prefetchPages pages of rows fetched ahead of the encoder, per query (memory per stream: this many pages)
     * @param pageRows the most rows in one such page: a Trino response or spooled segment is handed on in pages of at most
     *     this many rows, so a stream's buffer is {@code prefetchPages × pageRows} rows whatever Trino sends at once
     * @param maxTrinoConnections HTTP connections to Trino kept open for reuse
     * @param spooling how results are fetched from Trino
     */
    public record Query(
            @DefaultValue("1000") @Min(0) int defaultLimit,
            @DefaultValue("10000") @Min(1) int maxLimit,
            @DefaultValue("60s") @NotNull Duration defaultTimeout,
            @DefaultValue("30m") @NotNull Duration streamTimeout,
            @DefaultValue("2h") @NotNull Duration maxTimeout,
            @DefaultValue("1000000") @Min(1) int maxSqlLength,
            @DefaultValue("2") @Min(1) @Max(64) int prefetchPages,
            @DefaultValue("4096") @Min(1) @Max(1_000_000) int pageRows,
            @DefaultValue("128") @Min(1) int maxTrinoConnections,
            @DefaultValue @Valid Spooling spooling) {
        public Query {
            requireNonNull(defaultTimeout, "defaultTimeout is null");
            requireNonNull(streamTimeout, "streamTimeout is null");
            requireNonNull(maxTimeout, "maxTimeout is null");
            requireNonNull(spooling, "spooling is null");
        }
    }

    /**
     * Trino's spooling protocol (segments in object storage instead of one page per round trip through the coordinator).
     *
     * @param enabled ask Trino for spooled results; where Trino has no spooling configured it answers inline as before
     * @param encoding the segment encoding asked for: {@code json+zstd} (default: a third of the bytes through the spool
     *     store for a little CPU), {@code json+lz4} or {@code json} (uncompressed: decoded as it streams in, no
     *     segment-sized buffer)
     * @param fallbackPeriod after Trino failed to spool a result (spool store down or full), queries use the direct
     *     protocol for this long: slower, but they succeed; then spooling is tried again
     */
    public record Spooling(
            @DefaultValue("true") boolean enabled,

            @DefaultValue("json+zstd") @NotNull @Pattern(regexp = "json(\\+zstd|\\+lz4)?")
            String encoding,

            @DefaultValue("30s") @NotNull Duration fallbackPeriod) {
        public Spooling {
            requireNonNull(encoding, "encoding is null");
            requireNonNull(fallbackPeriod, "fallbackPeriod is null");
        }
    }
}

package io.nexusgateway.controlplane.config;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.engines.Engine;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
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
        @DefaultValue @Valid Query query,
        @DefaultValue @Valid RateLimits rateLimits,
        @DefaultValue @Valid Jobs jobs) {
    public NexusProperties {
        requireNonNull(trino, "trino is null");
        requireNonNull(sync, "sync is null");
        requireNonNull(security, "security is null");
        requireNonNull(secrets, "secrets is null");
        requireNonNull(datasources, "datasources is null");
        requireNonNull(query, "query is null");
        requireNonNull(rateLimits, "rateLimits is null");
    }

    /**
     * @param uri Trino's client endpoint: HTTPS with JWT authentication in the default setup
     * @param certificate PEM certificate(s) to trust for {@code uri} (Trino's self-signed one); unset: the JDK's trust
     * @param syncUser the principal the catalog-sync service uses in Trino
     * @param healthTimeout how long a health probe may take
     * @param userTokenLifetime lifetime of the tokens the control plane mints to call Trino as a user
     * @param queryLimits running and queued queries per user in Trino (resource groups), whatever the client
     */
    public record Trino(
            @DefaultValue("https://127.0.0.1:8443") @NotNull URI uri,
            @Nullable Path certificate,
            @DefaultValue("nexus-sync") @NotNull String syncUser,
            @DefaultValue("3s") @NotNull Duration healthTimeout,
            @DefaultValue("5m") @NotNull Duration userTokenLifetime,
            @DefaultValue @Valid QueryLimits queryLimits) {
        public Trino {
            requireNonNull(queryLimits, "queryLimits is null");
        }
    }

    /**
     * Per-user Trino query limits (each user has a resource group of their own); the policy feature resolves them.
     *
     * @param roles by role name ({@code admin}, {@code user})
     * @param groups by group name
     * @param users by username
     */
    public record QueryLimits(
            @DefaultValue Map<String, @Valid QueryLimit> roles,
            @DefaultValue Map<String, @Valid QueryLimit> groups,
            @DefaultValue Map<String, @Valid QueryLimit> users) {
        public static final QueryLimits DEFAULTS = new QueryLimits(Map.of(), Map.of(), Map.of());

        public QueryLimits {
            roles = Map.copyOf(roles);
            groups = Map.copyOf(groups);
            users = Map.copyOf(users);
        }
    }

    /**
     * @param running queries of one user that run at once; more wait
     * @param queued queries of one user that wait; more are refused ({@code QUERY_QUEUE_FULL}, HTTP 429)
     */
    public record QueryLimit(@Min(1) int running, @Min(0) int queued) {}

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
     * @param adminApiKey the bootstrap admin API key (bearer); {@code bin/nexus up} generates one; it becomes the
     *     {@code admin} user's API key {@code bootstrap}
     * @param internalToken bearer token Trino's secrets provider presents on {@code /internal/**}
     * @param jwt the gateway-issued access tokens and their signing keys
     * @param apiKeys what API keys users may create for themselves
     */
    public record Security(
            @Nullable String adminApiKey,
            @Nullable String internalToken,
            @DefaultValue @Valid Jwt jwt,
            @DefaultValue @Valid ApiKeys apiKeys) {
        public Security {
            requireNonNull(jwt, "jwt is null");
            requireNonNull(apiKeys, "apiKeys is null");
        }
    }

    /**
     * @param maxLifetime the longest a key someone creates for themselves may live: such a key must name
     *     {@code expiresAt}, at most this far ahead (an admin creating a key for another user is not bound)
     */
    public record ApiKeys(@DefaultValue("90d") @NotNull Duration maxLifetime) {
        public ApiKeys {
            requireNonNull(maxLifetime, "maxLifetime is null");
            if (maxLifetime.isNegative() || maxLifetime.isZero()) {
                throw new IllegalArgumentException("nexus.security.api-keys.max-lifetime must be positive");
            }
        }
    }

    /**
     * Gateway-issued RS256 access tokens (README, "Identity and tokens").
     *
     * @param keysFile the JWK Set of signing keys (private, mode 0600); created with a signing and a next key when
     *     missing; re-read when its modification time changes (another replica or a test may rotate it)
     * @param issuer the {@code iss} of every token, and what Trino requires
     * @param apiAudience the audience the REST API requires
     * @param trinoAudience the audience Trino requires; every token carries both
     * @param tokenLifetime the lifetime of a token when the request names none
     * @param maxTokenLifetime the longest lifetime granted; a retired key stays published this long
     * @param publishAhead how long the next key must have been published before it may sign: Trino fetches the JWKS
     *     at start and every 15 minutes, never on an unknown key id
     * @param rotationInterval rotate the signing key this often (unset: only on {@code POST /api/v1/auth/keys/rotate})
     */
    public record Jwt(
            @Nullable Path keysFile,
            @DefaultValue("nexus-gateway") @NotNull String issuer,
            @DefaultValue("nexus-api") @NotNull String apiAudience,
            @DefaultValue("nexus-trino") @NotNull String trinoAudience,
            @DefaultValue("1h") @NotNull Duration tokenLifetime,
            @DefaultValue("12h") @NotNull Duration maxTokenLifetime,
            @DefaultValue("20m") @NotNull Duration publishAhead,
            @Nullable Duration rotationInterval) {
        public Jwt {
            requireNonNull(issuer, "issuer is null");
            requireNonNull(apiAudience, "apiAudience is null");
            requireNonNull(trinoAudience, "trinoAudience is null");
            requireNonNull(tokenLifetime, "tokenLifetime is null");
            requireNonNull(maxTokenLifetime, "maxTokenLifetime is null");
            requireNonNull(publishAhead, "publishAhead is null");
        }
    }

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
     * @param maxSqlNesting the deepest nesting of brackets accepted: a parser's cost grows far faster than the statement
     *     with it (Trino's needed minutes of CPU for 200,000 parentheses), and Trino refuses ~1,000 deep anyway
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
            @DefaultValue("256") @Min(1) @Max(1000) int maxSqlNesting,
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
     * @param passThrough streams copy the JSON of spooled segments to the response, rewriting only the values whose API
     *     form differs from Trino's (bigints beyond 2^53, reals, timestamps); off, every value is decoded and encoded
     *     again (the reference behaviour, at about twice the control plane's CPU per row)
     * @param fallbackPeriod after Trino failed to spool a result (spool store down or full), queries use the direct
     *     protocol for this long: slower, but they succeed; then spooling is tried again
     * @param maxSegmentSize the largest segment Trino writes for the control plane's queries (session property
     *     {@code spooling_max_segment_size}; Trino's default is 16 MB): a stream holds about two segments, decompressed
     * @param initialSegmentSize the first segments' size ({@code spooling_initial_segment_size}; Trino's default 8 MB);
     *     segments grow from it to {@code maxSegmentSize}
     */
    public record Spooling(
            @DefaultValue("true") boolean enabled,

            @DefaultValue("json+zstd") @NotNull @Pattern(regexp = "json(\\+zstd|\\+lz4)?")
            String encoding,

            @DefaultValue("true") boolean passThrough,

            @DefaultValue("30s") @NotNull Duration fallbackPeriod,

            @DefaultValue("4MB") @NotNull DataSize maxSegmentSize,

            @DefaultValue("1MB") @NotNull DataSize initialSegmentSize) {
        public Spooling {
            requireNonNull(encoding, "encoding is null");
            requireNonNull(fallbackPeriod, "fallbackPeriod is null");
            requireNonNull(maxSegmentSize, "maxSegmentSize is null");
            requireNonNull(initialSegmentSize, "initialSegmentSize is null");
            if (initialSegmentSize.compareTo(maxSegmentSize) > 0) {
                throw new IllegalArgumentException("initial-segment-size must not exceed max-segment-size");
            }
        }
    }

    /**
     * Token buckets per principal on {@code /api/**} (in memory, per replica), and against password guessing on
     * {@code POST /api/v1/auth/token}.
     *
     * @param roles per role ({@code admin}, {@code user}); a user with both gets the larger; unset roles keep the
     *     defaults ({@link #DEFAULT_ADMIN}, {@link #DEFAULT_USER})
     * @param users per username, over the role's
     * @param login password attempts per username and per client address
     */
    public record RateLimits(
            @DefaultValue("true") boolean enabled,
            @DefaultValue Map<String, @Valid Limit> roles,
            @DefaultValue Map<String, @Valid Limit> users,
            @DefaultValue @Valid Login login) {
        /** Effectively unlimited: an admin's scripts and the benchmarks must not hit it. */
        public static final Limit DEFAULT_ADMIN = new Limit(100_000, Duration.ofSeconds(1));

        public static final Limit DEFAULT_USER = new Limit(1_200, Duration.ofMinutes(1));

        public RateLimits {
            roles = Map.copyOf(roles);
            users = Map.copyOf(users);
            requireNonNull(login, "login is null");
        }
    }

    /**
     * A token bucket: {@code capacity} requests at once, refilled at {@code capacity} per {@code refillPeriod}.
     */
    public record Limit(@Min(1) long capacity, @NotNull Duration refillPeriod) {
        public Limit {
            requireNonNull(refillPeriod, "refillPeriod is null");
            if (refillPeriod.isZero() || refillPeriod.isNegative()) {
                throw new IllegalArgumentException("refillPeriod must be positive");
            }
        }
    }

    /**
     * @param perUsername password attempts per username (default 10 a minute)
     * @param perAddress password attempts per client address (default 60 a minute)
     */
    public record Login(
            @Nullable @Valid Limit perUsername,
            @Nullable @Valid Limit perAddress) {
        public Login {
            perUsername = perUsername == null ? new Limit(10, Duration.ofMinutes(1)) : perUsername;
            perAddress = perAddress == null ? new Limit(60, Duration.ofMinutes(1)) : perAddress;
        }
    }

    /**
     * ETL jobs ({@code /api/v1/jobs}).
     *
     * @param pollInterval how often the engines of running jobs are asked for their state (only while jobs run)
     * @param maxActivePerUser a user's jobs not yet ended; more are refused with 429
     * @param ticketLifetime how long an engine has to redeem a job's credential ticket
     * @param unreachableTimeout a job whose engine cannot be reached this long fails (never RUNNING forever)
     * @param exchangeUrl the control plane's base URL as engines reach it, for the credential exchange; unset: {@code
     *     http://127.0.0.1:<server.port>}
     */
    public record Jobs(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1s") @NotNull Duration pollInterval,
            @DefaultValue("4") @Min(1) @Max(1000) int maxActivePerUser,
            @DefaultValue("15m") @NotNull Duration ticketLifetime,
            @DefaultValue("10m") @NotNull Duration unreachableTimeout,
            @Nullable URI exchangeUrl,
            @DefaultValue @Valid Routing routing,
            @DefaultValue @Valid Engines engines) {
        public Jobs {
            requireNonNull(pollInterval, "pollInterval is null");
            requireNonNull(ticketLifetime, "ticketLifetime is null");
            requireNonNull(routing, "routing is null");
            requireNonNull(engines, "engines is null");
        }
    }

    /**
     * The engines jobs may run on besides Trino (always there). An engine is enabled by its address; none is by
     * default. {@code bin/nexus up} sets them for the engines named in {@code NEXUS_ENGINES}.
     *
     * @param cacheDir where the engines' client classpaths are resolved to (by Maven, on first use)
     * @param jobsDir where job directories (job documents, runner logs; mode 0700) are made
     */
    public record Engines(
            @DefaultValue("var/engines") @NotNull Path cacheDir,
            @DefaultValue("var/jobs") @NotNull Path jobsDir,
            @DefaultValue @Valid SparkConnect sparkConnect,
            @DefaultValue @Valid Livy livy,
            @DefaultValue @Valid FlinkSqlGateway flinkSqlGateway) {
        public Engines {
            requireNonNull(flinkSqlGateway, "flinkSqlGateway is null");
            requireNonNull(cacheDir, "cacheDir is null");
            requireNonNull(jobsDir, "jobsDir is null");
            requireNonNull(sparkConnect, "sparkConnect is null");
            requireNonNull(livy, "livy is null");
        }
    }

    /**
     * Spark through Livy's batches.
     *
     * @param url Livy's REST API, {@code http://host:8998/}; unset: not enabled
     * @param applicationJar the {@code spark-etl} jar each batch runs; in a directory Livy's
     *     {@code livy.file.local-dir-whitelist} names, and where Livy can read it
     */
    /**
     * Flink through a Flink SQL Gateway with Nexus' gateway extension (module {@code flink-gateway-extension}, whose
     * {@code nexus-jdbc} tables redeem the job's ticket at planning time) on its classpath.
     *
     * @param gatewayUrl the gateway's REST endpoint, {@code http://host:8083/}; unset: not enabled
     * @param clusterUrl the REST API of the cluster the gateway submits to (jobs' state, savepoints)
     * @param statementTimeout how long one statement (planning and submitting a job) may take
     */
    public record FlinkSqlGateway(
            @Nullable URI gatewayUrl,
            @Nullable URI clusterUrl,
            @DefaultValue("2m") @NotNull Duration statementTimeout) {
        public boolean enabled() {
            return gatewayUrl != null;
        }
    }

    public record Livy(@Nullable URI url, @Nullable Path applicationJar) {
        public boolean enabled() {
            return url != null;
        }
    }

    /**
     * Spark through a Spark Connect server.
     *
     * @param url the server, {@code sc://host:port}; unset: not enabled
     * @param runnerJar the {@code spark-connect-runner} jar each job's child JVM runs
     */
    public record SparkConnect(
            @Nullable String url, @Nullable Path runnerJar) {
        public boolean enabled() {
            return url != null && !url.isBlank();
        }
    }

    /**
     * How the router picks an engine for a batch job that names none: admin rules first, then Trino's estimate of the
     * input.
     *
     * @param trinoMaxInput batch jobs whose estimated input is at most this run on Trino, larger ones on Spark
     * @param unknownSize the engine of batch jobs whose input Trino cannot estimate (JDBC tables often have no
     *     statistics): Spark by default, as the size may be anything
     * @param rules force an engine for jobs of a user, a group, a datasource (read or written) or a kind ({@code copy},
     *     {@code query}); the first that matches wins, over what a job requests
     */
    public record Routing(
            @DefaultValue("1GB") @NotNull DataSize trinoMaxInput,
            @DefaultValue("spark") @NotNull Engine unknownSize,
            @DefaultValue List<@Valid Rule> rules) {
        public Routing {
            requireNonNull(trinoMaxInput, "trinoMaxInput is null");
            requireNonNull(unknownSize, "unknownSize is null");
            rules = List.copyOf(rules);
        }
    }

    /** A routing rule: every condition set must hold; at least one is set. */
    public record Rule(
            @Nullable String user,
            @Nullable String group,
            @Nullable String datasource,
            @Nullable String kind,
            @NotNull Engine engine) {
        public Rule {
            requireNonNull(engine, "engine is null");
            if (user == null && group == null && datasource == null && kind == null) {
                throw new IllegalArgumentException("a routing rule needs a user, group, datasource or kind");
            }
        }
    }
}

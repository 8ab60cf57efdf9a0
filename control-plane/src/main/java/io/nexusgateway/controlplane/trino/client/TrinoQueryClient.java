package io.nexusgateway.controlplane.trino.client;

import static java.util.Objects.requireNonNull;

import io.airlift.units.Duration;
import io.nexusgateway.controlplane.trino.TrinoAccess;
import io.trino.client.ClientSession;
import io.trino.client.OkHttpSegmentLoader;
import io.trino.client.StatementClient;
import io.trino.client.StatementClientFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/**
 * Starts queries in Trino over its client protocol (trino-client, the library inside trino-jdbc and trino-cli), on one
 * shared HTTP connection pool. Each query carries the REST request's correlation id as trace token and client info, so
 * the Trino query (and its audit record) can be found from it.
 */
public final class TrinoQueryClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrinoQueryClient.class);
    static final String SOURCE = "nexus-rest-api";

    private final URI server;
    private final TrinoAccess trino;
    private final OkHttpClient httpClient;
    private final OkHttpClient segmentClient;
    private final int prefetchPages;
    private final int pageRows;
    private final @Nullable String spoolingEncoding;
    private final boolean passThrough;
    private final DataSize initialSegmentSize;
    private final DataSize maxSegmentSize;
    private final OkHttpSegmentLoader segmentLoader;
    private final java.time.Duration fallbackPeriod;
    private final Clock clock;
    private volatile Instant directProtocolUntil = Instant.MIN;
    private final ScheduledExecutorService deadlines;

    /**
     * @param spoolingEncoding the spooled-segment encoding to ask Trino for ({@code json+zstd}, ...), or null for the
     *     direct protocol (rows inline in every response)
     * @param passThrough streams copy spooled segments' JSON to the response instead of decoding every value
     * @param initialSegmentSize and {@code maxSegmentSize}: the segment sizes Trino is asked for
     * @param fallbackPeriod how long queries use the direct protocol after Trino failed to spool a result
     */
    public TrinoQueryClient(
            TrinoAccess trino,
            int prefetchPages,
            int pageRows,
            int maxConnections,
            @Nullable String spoolingEncoding,
            boolean passThrough,
            DataSize initialSegmentSize,
            DataSize maxSegmentSize,
            java.time.Duration fallbackPeriod,
            Clock clock) {
        this.trino = requireNonNull(trino, "trino is null");
        this.server = trino.uri();
        this.prefetchPages = prefetchPages;
        this.pageRows = pageRows;
        this.spoolingEncoding = spoolingEncoding;
        this.passThrough = passThrough;
        this.initialSegmentSize = requireNonNull(initialSegmentSize, "initialSegmentSize is null");
        this.maxSegmentSize = requireNonNull(maxSegmentSize, "maxSegmentSize is null");
        this.fallbackPeriod = requireNonNull(fallbackPeriod, "fallbackPeriod is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.httpClient = new OkHttpClient.Builder()
                .sslSocketFactory(trino.sslContext().getSocketFactory(), trino.trustManager())
                .connectTimeout(5, TimeUnit.SECONDS)
                // Trino long-polls for at most ~1 s; a read this long means it is gone
                .readTimeout(2, TimeUnit.MINUTES)
                .connectionPool(new ConnectionPool(maxConnections, 5, TimeUnit.MINUTES))
                .build();
        this.httpClient.dispatcher().setMaxRequestsPerHost(maxConnections);
        // segments (COORDINATOR_PROXY: from Trino, else from the storage) are fetched one at a time by the thread
        // reading the query, on the same pool; acknowledgements (Trino then deletes the segment) go out asynchronously
        this.segmentClient = httpClient.newBuilder().build();
        this.segmentLoader = new OkHttpSegmentLoader(segmentClient);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("query-deadlines").factory());
        // a finished query's deadline is dropped at once, not kept until it would have fired
        executor.setRemoveOnCancelPolicy(true);
        this.deadlines = executor;
    }

    /**
     * Submits {@code sql}; returns once Trino accepted it (the first response). The query is canceled at {@code timeout}
     * by us; should this process die, Trino abandons it once nobody fetches its results ({@code query.client.timeout},
     * 5 min). Not {@code query_max_run_time}: users may not set limits (Trino does not cap that property by its
     * configured maximum, so a user could lift it). {@code stream}: the rows go to a
     * stream, which can copy spooled segments' JSON.
     */
    public TrinoQuery start(
            String sql,
            String user,
            @Nullable String catalog,
            @Nullable String schema,
            String correlationId,
            java.time.Duration timeout,
            boolean stream) {
        ClientSession.Builder session = ClientSession.builder()
                .server(server)
                .user(Optional.of(user))
                .source(SOURCE)
                .traceToken(Optional.of(correlationId))
                .clientInfo(correlationId)
                .clientTags(Set.of(SOURCE))
                .timeZone(ZoneOffset.UTC)
                .locale(Locale.ROOT)
                .properties(sessionProperties())
                .clientRequestTimeout(new Duration(2, TimeUnit.MINUTES))
                // Trino spools large results when asked for an encoding and answers small ones inline either way
                .encoding(Optional.ofNullable(spooling() ? spoolingEncoding : null));
        if (catalog != null) {
            session.catalog(catalog);
        }
        if (schema != null) {
            session.schema(schema);
        }
        StatementClient client;
        try {
            client = StatementClientFactory.newStatementClient(
                    asUser(user), segmentClient, session.build(), sql, Optional.empty());
        } catch (RuntimeException e) {
            log.warn("Cannot submit a query to Trino at {}: {}", server, e.getMessage());
            throw QueryErrors.trinoUnavailable();
        }
        TrinoQuery query = new TrinoQuery(
                client, stream && passThrough ? segmentLoader : null, prefetchPages, pageRows, this::spoolingFailed);
        query.onClose(deadlines.schedule(query::timeout, timeout.toMillis(), TimeUnit.MILLISECONDS));
        return query;
    }

    /**
     * The shared client (same pool and dispatcher) sending {@code user}'s own token: Trino runs the query as that user,
     * so its access control and audit trail see who asked.
     */
    private OkHttpClient asUser(String user) {
        if (!trino.isHttps()) {
            return httpClient;
        }
        String authorization = "Bearer " + trino.tokenFor(user);
        return httpClient
                .newBuilder()
                .addInterceptor(chain -> chain.proceed(chain.request()
                        .newBuilder()
                        .header("Authorization", authorization)
                        .build()))
                .build();
    }

    private Map<String, String> sessionProperties() {
        Map<String, String> properties = new java.util.HashMap<>();
        if (spooling()) {
            // smaller than Trino's 8/16 MB: a stream holds its segments whole, so they bound its memory
            properties.put("spooling_initial_segment_size", initialSegmentSize.toBytes() + "B");
            properties.put("spooling_max_segment_size", maxSegmentSize.toBytes() + "B");
        }
        return properties;
    }

    /** True when queries ask for spooled results now: configured, and no spooling failure in the fallback period. */
    public boolean spooling() {
        return spoolingEncoding != null && !clock.instant().isBefore(directProtocolUntil);
    }

    // the spool store is down or full: the direct protocol is slower, but its queries succeed
    private void spoolingFailed() {
        if (spoolingEncoding != null) {
            directProtocolUntil = clock.instant().plus(fallbackPeriod);
            log.warn("Trino could not spool a result: queries use the direct protocol for {}", fallbackPeriod);
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        httpClient.dispatcher().executorService().shutdown();
        httpClient.connectionPool().evictAll();
    }
}

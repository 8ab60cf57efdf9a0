package io.nexusgateway.controlplane.query;

import static java.util.Objects.requireNonNull;

import io.airlift.units.Duration;
import io.nexusgateway.controlplane.trino.TrinoAccess;
import io.nexusgateway.controlplane.web.NexusException;
import io.trino.client.ClientSession;
import io.trino.client.StatementClient;
import io.trino.client.StatementClientFactory;
import java.net.URI;
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

/**
 * Starts queries in Trino over its client protocol (trino-client, the library inside trino-jdbc and trino-cli), on one
 * shared HTTP connection pool. Each query carries the REST request's correlation id as trace token and client info, so
 * the Trino query (and its audit record) can be found from it.
 */
final class TrinoQueryClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrinoQueryClient.class);
    static final String SOURCE = "nexus-rest-api";

    private final URI server;
    private final TrinoAccess trino;
    private final OkHttpClient httpClient;
    private final int prefetchPages;
    private final ScheduledExecutorService deadlines;

    TrinoQueryClient(TrinoAccess trino, int prefetchPages, int maxConnections) {
        this.trino = requireNonNull(trino, "trino is null");
        this.server = trino.uri();
        this.prefetchPages = prefetchPages;
        this.httpClient = new OkHttpClient.Builder()
                .sslSocketFactory(trino.sslContext().getSocketFactory(), trino.trustManager())
                .connectTimeout(5, TimeUnit.SECONDS)
                // Trino long-polls for at most ~1 s; a read this long means it is gone
                .readTimeout(2, TimeUnit.MINUTES)
                .connectionPool(new ConnectionPool(maxConnections, 5, TimeUnit.MINUTES))
                .build();
        this.httpClient.dispatcher().setMaxRequestsPerHost(maxConnections);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().daemon().name("query-deadlines").factory());
        // a finished query's deadline is dropped at once, not kept until it would have fired
        executor.setRemoveOnCancelPolicy(true);
        this.deadlines = executor;
    }

    /**
     * Submits {@code sql}; returns once Trino accepted it (the first response). The query is canceled at {@code timeout}
     * by us and, should this process die, by Trino itself ({@code query_max_run_time}).
     */
    TrinoQuery start(
            String sql,
            String user,
            @Nullable String catalog,
            @Nullable String schema,
            String correlationId,
            java.time.Duration timeout) {
        ClientSession.Builder session = ClientSession.builder()
                .server(server)
                .user(Optional.of(user))
                .source(SOURCE)
                .traceToken(Optional.of(correlationId))
                .clientInfo(correlationId)
                .clientTags(Set.of(SOURCE))
                .timeZone(ZoneOffset.UTC)
                .locale(Locale.ROOT)
                .properties(Map.of("query_max_run_time", timeout.toMillis() + "ms"))
                .clientRequestTimeout(new Duration(2, TimeUnit.MINUTES));
        if (catalog != null) {
            session.catalog(catalog);
        }
        if (schema != null) {
            session.schema(schema);
        }
        StatementClient client;
        try {
            client = StatementClientFactory.newStatementClient(asUser(user), session.build(), sql, Optional.empty());
        } catch (RuntimeException e) {
            log.warn("Cannot submit a query to Trino at {}: {}", server, e.getMessage());
            throw unavailable();
        }
        TrinoQuery query = new TrinoQuery(client, prefetchPages);
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

    static NexusException unavailable() {
        return new NexusException(
                io.nexusgateway.controlplane.web.ProblemType.TRINO_UNAVAILABLE,
                "Trino cannot be reached; try again shortly");
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        httpClient.dispatcher().executorService().shutdown();
        httpClient.connectionPool().evictAll();
    }
}

package io.nexusgateway.catalogsync.trino;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

import io.nexusgateway.connectors.CatalogDefinition;
import io.trino.jdbc.TrinoDriver;
import io.trino.jdbc.TrinoResultSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trino's dynamic catalogs through trino-jdbc: list, {@code CREATE CATALOG}, {@code DROP CATALOG IF EXISTS}, and a
 * status probe. Each call opens its own connection, so a Trino restart between calls needs no recovery here.
 *
 * <p>Every call is bounded by the call timeout: trino-jdbc by itself retries an unanswered request for about two
 * minutes. When a call times out, Trino may still carry it out; callers must be ready to find a {@code CREATE} done.
 */
public final class TrinoCatalogClient implements AutoCloseable {
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(TrinoCatalogClient.class);
    private static final String SOURCE = "nexus-catalog-sync";
    // trino-jdbc's wrapping of a failed query: "Query failed (#<query id>): <Trino's message>"
    private static final Pattern DISABLED_CATALOG =
            Pattern.compile("No catalog '([^']+)'|Catalog '([^']+)' failed to initialize and is disabled");
    private static final Pattern QUERY_FAILED = Pattern.compile("Query failed \\(#([^)]*)\\): (.*)", Pattern.DOTALL);

    private final String jdbcUrl;
    private final Supplier<Properties> connectionProperties;
    private final Duration callTimeout;
    private final Clock clock;
    private final TrinoDriver driver = new TrinoDriver();
    private final ExecutorService calls = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("trino-catalog-call-", 0).factory());

    /**
     * @param jdbcUrl e.g. {@code jdbc:trino://127.0.0.1:8080}
     * @param connectionProperties trino-jdbc properties: {@code user}, and {@code SSL}, {@code accessToken} etc. as the
     *     deployment needs; {@code source} defaults to {@code nexus-catalog-sync}
     */
    public TrinoCatalogClient(String jdbcUrl, Properties connectionProperties) {
        this(jdbcUrl, connectionProperties, DEFAULT_CALL_TIMEOUT, Clock.systemUTC());
    }

    public TrinoCatalogClient(String jdbcUrl, Properties connectionProperties, Duration callTimeout, Clock clock) {
        this(
                jdbcUrl,
                constant(requireNonNull(connectionProperties, "connectionProperties is null")),
                callTimeout,
                clock);
    }

    /**
     * @param connectionProperties asked for every connection: a deployment with short-lived tokens hands out a fresh
     *     {@code accessToken} here
     */
    public TrinoCatalogClient(
            String jdbcUrl, Supplier<Properties> connectionProperties, Duration callTimeout, Clock clock) {
        this.jdbcUrl = requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(connectionProperties, "connectionProperties is null");
        this.connectionProperties = () -> {
            Properties properties = new Properties();
            properties.putAll(connectionProperties.get());
            properties.putIfAbsent("source", SOURCE);
            return properties;
        };
        this.callTimeout = requireNonNull(callTimeout, "callTimeout is null");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive: " + callTimeout);
        }
        this.clock = requireNonNull(clock, "clock is null");
        // fail at construction on a malformed URL or an unknown property; this does not contact Trino
        try {
            if (!driver.acceptsURL(jdbcUrl)) {
                throw new IllegalArgumentException("not a trino-jdbc URL: " + jdbcUrl);
            }
            driver.connect(jdbcUrl, this.connectionProperties.get()).close();
        } catch (SQLException e) {
            throw new IllegalArgumentException("invalid Trino connection settings: " + e.getMessage(), e);
        }
    }

    private static Supplier<Properties> constant(Properties properties) {
        Properties copy = new Properties();
        copy.putAll(properties);
        return () -> copy;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Every catalog Trino has, {@code system} included, by name. */
    public List<ActualCatalog> listCatalogs() {
        return call("list catalogs", statement -> {
            List<ActualCatalog> catalogs = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT catalog_name, connector_name FROM system.metadata.catalogs ORDER BY catalog_name")) {
                while (rows.next()) {
                    catalogs.add(new ActualCatalog(rows.getString(1), rows.getString(2)));
                }
            }
            return List.copyOf(catalogs);
        });
    }

    /**
     * {@code CREATE CATALOG} for {@code catalog}; fails if the name exists.
     *
     * @throws TrinoQueryFailedException with Trino's message, e.g. "Configuration property 'x' was not used"
     * @throws TrinoUnavailableException if Trino did not answer; the catalog may or may not exist then
     */
    public void create(CatalogDefinition catalog) {
        requireNonNull(catalog, "catalog is null");
        String sql = CatalogSql.createCatalog(catalog);
        log.debug("Trino: {}", sql);
        call("create catalog " + catalog.catalogName(), statement -> statement.execute(sql));
    }

    /** {@code DROP CATALOG IF EXISTS}: no error for a catalog that is not there. */
    public void drop(String catalogName) {
        requireNonNull(catalogName, "catalogName is null");
        String sql = CatalogSql.dropCatalogIfExists(catalogName);
        log.debug("Trino: {}", sql);
        call("drop catalog " + catalogName, statement -> statement.execute(sql));
    }

    /**
     * A catalog Trino lists but could not load, if there is one. A catalog whose connector failed at Trino's start
     * (e.g. its secret could not be resolved while the control plane was down) stays listed in
     * {@code system.metadata.catalogs} but is disabled until dropped and created again. Reading
     * {@code system.metadata.table_properties} asks every catalog's connector for its metadata without touching any
     * source database, and fails naming the first disabled catalog.
     */
    public Optional<String> firstDisabledCatalog() {
        try {
            call("probe catalogs", statement -> {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM system.metadata.table_properties")) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
            return Optional.empty();
        } catch (TrinoQueryFailedException e) {
            Matcher matcher = DISABLED_CATALOG.matcher(String.valueOf(e.getMessage()));
            if (matcher.find()) {
                return Optional.of(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
            }
            throw e;
        }
    }

    /** Runs {@code SELECT version()}; never throws. */
    public TrinoStatus status() {
        try {
            return call("status", statement -> {
                try (ResultSet rows = statement.executeQuery("SELECT version()")) {
                    rows.next();
                    String version = rows.getString(1);
                    String queryId = rows.unwrap(TrinoResultSet.class).getQueryId();
                    return TrinoStatus.up(coordinatorId(queryId), version, clock.instant());
                }
            });
        } catch (RuntimeException e) {
            return TrinoStatus.down(String.valueOf(e.getMessage()), clock.instant());
        }
    }

    /** The last part of a query id ({@code 20261127_013306_00069_vziyn}): random per coordinator start. */
    public static String coordinatorId(String queryId) {
        int separator = queryId.lastIndexOf('_');
        return separator < 0 ? queryId : queryId.substring(separator + 1);
    }

    @Override
    public void close() {
        calls.shutdownNow();
        try {
            driver.close();
        } catch (IOException e) {
            log.debug("closing trino-jdbc driver", e);
        }
    }

    @Override
    public String toString() {
        return "TrinoCatalogClient[" + jdbcUrl + "]";
    }

    private interface SqlCall<T> {
        T run(Statement statement) throws SQLException;
    }

    private <T> T call(String what, SqlCall<T> body) {
        AtomicReference<@Nullable Statement> running = new AtomicReference<>();
        Future<T> result;
        try {
            result = calls.submit(() -> {
                try (Connection connection = driver.connect(jdbcUrl, connectionProperties.get());
                        Statement statement = connection.createStatement()) {
                    running.set(statement);
                    return body.run(statement);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("TrinoCatalogClient is closed", e);
        }
        try {
            return result.get(callTimeout.toMillis(), MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            cancel(running.get());
            throw new TrinoUnavailableException(
                    "Trino at %s did not answer within %s (%s)".formatted(jdbcUrl, callTimeout, what));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            cancel(running.get());
            throw new TrinoUnavailableException("interrupted while waiting for Trino (%s)".formatted(what), e);
        } catch (ExecutionException e) {
            throw translate(what, e.getCause());
        }
    }

    private static void cancel(@Nullable Statement statement) {
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException | RuntimeException e) {
                log.debug("cancelling a Trino statement that timed out", e);
            }
        }
    }

    private RuntimeException translate(String what, Throwable failure) {
        if (!(failure instanceof SQLException sqlException)) {
            return failure instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException("unexpected failure (%s)".formatted(what), failure);
        }
        if (hasIoCause(sqlException)) {
            return new TrinoUnavailableException(
                    "Trino at %s is unreachable: %s".formatted(jdbcUrl, sqlException.getMessage()), sqlException);
        }
        String message = String.valueOf(sqlException.getMessage());
        Matcher matcher = QUERY_FAILED.matcher(message);
        if (matcher.matches()) {
            return new TrinoQueryFailedException(
                    matcher.group(2), matcher.group(1), sqlException.getErrorCode(), sqlException);
        }
        return new TrinoQueryFailedException(message, null, sqlException.getErrorCode(), sqlException);
    }

    private static boolean hasIoCause(Throwable failure) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof UncheckedIOException) {
                return true;
            }
        }
        return false;
    }
}

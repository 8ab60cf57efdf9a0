package io.nexusgateway.controlplane.datasource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Connects to a source with its own JDBC driver (not through Trino) to tell reachability from authentication,
 * under a hard deadline. Driver messages are passed on; they carry no password because none is put in the URL.
 */
@Component
class ConnectionTester {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ConnectionTestResult test(SourceConnection source, Duration timeout) {
        if (source.jdbcUrl() == null) {
            return new ConnectionTestResult(
                    true,
                    true,
                    true,
                    null,
                    0,
                    "NOT_APPLICABLE",
                    "Type " + source.type() + " is served by Trino itself: nothing to connect to");
        }
        long started = System.nanoTime();
        Future<String> attempt = executor.submit(() -> connect(source, timeout));
        try {
            String version = attempt.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return new ConnectionTestResult(true, true, true, version, elapsedMs(started), null, null);
        } catch (TimeoutException e) {
            attempt.cancel(true);
            return new ConnectionTestResult(
                    false,
                    false,
                    false,
                    null,
                    elapsedMs(started),
                    "TIMEOUT",
                    "No answer from " + source.host() + ":" + source.port() + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = cause.getMessage() == null
                    ? cause.getClass().getSimpleName()
                    : cause.getMessage().strip();
            String code = classify(cause);
            boolean reachable = "AUTHENTICATION".equals(code) || "ERROR".equals(code);
            return new ConnectionTestResult(false, reachable, false, null, elapsedMs(started), code, message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ConnectionTestResult(false, false, false, null, elapsedMs(started), "ERROR", "Interrupted");
        }
    }

    private static String connect(SourceConnection source, Duration timeout) throws SQLException {
        Properties properties = new Properties();
        if (source.username() != null) {
            properties.setProperty("user", source.username());
        }
        if (source.password() != null) {
            properties.setProperty("password", source.password());
        }
        // Oracle takes its connect timeout as a property
        properties.setProperty("oracle.net.CONNECT_TIMEOUT", Long.toString(timeout.toMillis()));
        try (Connection connection = DriverManager.getConnection(source.jdbcUrl(), properties)) {
            connection.isValid((int) Math.max(1, timeout.toSeconds()));
            return connection.getMetaData().getDatabaseProductName() + " "
                    + connection.getMetaData().getDatabaseProductVersion();
        }
    }

    static String classify(Throwable failure) {
        if (failure instanceof SQLException sqlException) {
            String state = sqlException.getSQLState() == null ? "" : sqlException.getSQLState();
            int vendorCode = sqlException.getErrorCode();
            String message = String.valueOf(sqlException.getMessage()).toLowerCase(Locale.ROOT);
            if (state.startsWith("28")
                    || vendorCode == 1045
                    || vendorCode == 1017
                    || message.contains("password authentication failed")
                    || message.contains("access denied")) {
                return "AUTHENTICATION";
            }
            if (state.startsWith("08")
                    || message.contains("connection refused")
                    || message.contains("could not connect")
                    || message.contains("unknown host")
                    || message.contains("io error")
                    || message.contains("timed out")
                    || message.contains("socket")
                    || message.contains("listener")
                    || message.contains("network adapter")) {
                return "REACHABILITY";
            }
        }
        return "ERROR";
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** What the tester needs; {@code jdbcUrl} is null for types without a connection (tpch). */
    record SourceConnection(
            String type,
            @Nullable String jdbcUrl,
            @Nullable String host,
            @Nullable Integer port,
            @Nullable String username,
            @Nullable String password) {}
}

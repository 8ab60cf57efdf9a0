package io.nexusgateway.controlplane.datasource;

import io.nexusgateway.connectors.ConnectionTest;
import io.nexusgateway.connectors.ConnectionTestCode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
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
 * under a hard deadline; the type states the URL, the driver properties and how to classify a failure. Driver messages are passed on; they carry no password because none is put in the URL.
 */
@Component
class ConnectionTester {
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ConnectionTestResult test(SourceConnection source, Duration timeout) {
        ConnectionTest test = source.test();
        if (test == null) {
            return new ConnectionTestResult(
                    true,
                    true,
                    true,
                    null,
                    0,
                    ConnectionTestCode.NOT_APPLICABLE,
                    "Type " + source.type() + " is served by Trino itself: nothing to connect to");
        }
        long started = System.nanoTime();
        Future<String> attempt = executor.submit(() -> connect(test, source, timeout));
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
                    ConnectionTestCode.TIMEOUT,
                    "No answer from " + source.host() + ":" + source.port() + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = cause.getMessage() == null
                    ? cause.getClass().getSimpleName()
                    : cause.getMessage().strip();
            ConnectionTestCode code = test.classify(cause);
            boolean reachable =
                    switch (code) {
                        case AUTHENTICATION, ERROR -> true;
                        case REACHABILITY, TIMEOUT, NOT_APPLICABLE -> false;
                    };
            return new ConnectionTestResult(false, reachable, false, null, elapsedMs(started), code, message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ConnectionTestResult(
                    false, false, false, null, elapsedMs(started), ConnectionTestCode.ERROR, "Interrupted");
        }
    }

    private static String connect(ConnectionTest test, SourceConnection source, Duration timeout) throws SQLException {
        Properties properties = new Properties();
        if (source.username() != null) {
            properties.setProperty("user", source.username());
        }
        if (source.password() != null) {
            properties.setProperty("password", source.password());
        }
        test.driverProperties().forEach(properties::setProperty);
        try (Connection connection = DriverManager.getConnection(test.jdbcUrl(), properties)) {
            connection.isValid((int) Math.max(1, timeout.toSeconds()));
            return connection.getMetaData().getDatabaseProductName() + " "
                    + connection.getMetaData().getDatabaseProductVersion();
        }
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** What the tester needs; {@code test} is null for types without a connection (tpch). */
    record SourceConnection(
            String type,
            @Nullable ConnectionTest test,
            @Nullable String host,
            @Nullable Integer port,
            @Nullable String username,
            @Nullable String password) {}
}

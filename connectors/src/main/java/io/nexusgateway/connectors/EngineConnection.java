package io.nexusgateway.connectors;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * How an ETL engine (Spark, Flink) connects to a datasource over JDBC: the same URL Trino's catalog gets, so a
 * datasource that is not writable is read over a read-only session there too. It never holds the password: the engine
 * receives it through the job's credential hand-off, never in its options.
 *
 * @param jdbcUrl the URL, without credentials
 * @param driverClass the JDBC driver the engine loads
 * @param username the login, or {@code null} for none
 */
public record EngineConnection(
        String jdbcUrl, String driverClass, @Nullable String username) {
    public EngineConnection {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(driverClass, "driverClass is null");
    }

    /** Spark's JDBC data source options ({@code url}, {@code driver}, {@code user}), without the password. */
    public Map<String, String> sparkOptions() {
        Map<String, String> options = new TreeMap<>();
        options.put("url", jdbcUrl);
        options.put("driver", driverClass);
        if (username != null) {
            options.put("user", username);
        }
        return options;
    }

    /** Flink's JDBC connector options ({@code connector}, {@code url}, {@code driver}, {@code username}), without the password. */
    public Map<String, String> flinkOptions() {
        Map<String, String> options = new TreeMap<>();
        options.put("connector", "jdbc");
        options.put("url", jdbcUrl);
        options.put("driver", driverClass);
        if (username != null) {
            options.put("username", username);
        }
        return options;
    }
}

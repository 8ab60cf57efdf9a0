package io.nexusgateway.connectors;

import static io.nexusgateway.connectors.Mapping.CONNECTION_URL;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Trino's {@code oracle} connector (ojdbc11 and UCP 23.8 inside Trino 476).
 *
 * <p>The URL is an EZConnect Plus descriptor, {@code jdbc:oracle:thin:@//host:port/service}, with {@code tcps://}
 * instead of {@code //} for TLS (ojdbc 23 checks the server certificate's DN against the host by default). Unlike the
 * other JDBC connectors, Trino pools Oracle connections (UCP, {@code oracle.connection-pool.*}); with the pool on, a
 * failed connection surfaces as "UCP-0: Unable to start the Universal Connection Pool", with it off as Oracle's own
 * ORA- message.
 *
 * <p>Read-only datasources: ojdbc has no connection property that makes a session read-only (Oracle's
 * {@code SET TRANSACTION READ ONLY} is per transaction, and Trino's Oracle connector runs no initial SQL), so nothing
 * is added here; give read-only datasources an Oracle account with only {@code SELECT} grants. Trino's access control
 * still refuses every write and every table function but {@code system.query}; SQL passed through that function
 * runs in an ordinary Oracle session, which only the account's grants keep from writing.
 */
final class OracleConnectorType extends JdbcConnectorType {
    static final String POOL_ENABLED = "oracle.connection-pool.enabled";
    static final String POOL_MAX_SIZE = "oracle.connection-pool.max-size";
    static final String POOL_INACTIVE_TIMEOUT = "oracle.connection-pool.inactive-timeout";

    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.$#-]*");

    OracleConnectorType() {
        super("oracle", "Oracle", 1521);
    }

    @Override
    FieldDescriptor database() {
        return JdbcFields.database(
                true,
                "Service name of the database (e.g. FREEPDB1, ORCLPDB1); the catalog shows its schemas (users)",
                CONNECTION_URL + " jdbc:oracle:thin:@//host:port/<service>");
    }

    @Override
    FieldDescriptor ssl() {
        return JdbcFields.ssl(
                "Connect over TCPS; ojdbc verifies the server certificate against the Trino JVM's trust store"
                        + " and its DN against the host. Off: plain TCP",
                CONNECTION_URL + " tcps://");
    }

    @Override
    FieldDescriptor connectionTimeout() {
        return JdbcFields.connectionTimeout(
                null,
                "Oracle Net's outbound connect timeout (EZConnect connect_timeout, whole seconds, rounded up;"
                        + " fails with ORA-12170). Trino's Oracle connector retries a failed connect for up to"
                        + " about 30 s",
                CONNECTION_URL + " connect_timeout");
    }

    @Override
    FieldDescriptor maxPoolSize() {
        return new FieldDescriptor(
                DatasourceFields.MAX_POOL_SIZE,
                JsonType.INTEGER,
                null,
                false,
                30,
                "Most pooled connections per Trino node. 0 turns the pool off: a connection per operation,"
                        + " and connection errors show Oracle's message instead of UCP-0",
                POOL_MAX_SIZE + " / " + POOL_ENABLED);
    }

    @Override
    FieldDescriptor idleTimeout() {
        return new FieldDescriptor(
                DatasourceFields.IDLE_TIMEOUT,
                JsonType.STRING,
                "duration",
                false,
                "PT20M",
                "How long a pooled connection may stay idle before it is closed (whole seconds, rounded up);"
                        + " no effect with the pool off",
                POOL_INACTIVE_TIMEOUT);
    }

    @Override
    FieldDescriptor timezone() {
        return JdbcFields.timezoneNotApplied(
                "ojdbc sets the session time zone from the Trino JVM; the URL has no parameter for it");
    }

    @Override
    String propertiesExample() {
        return "oracle.synonyms.enabled=true";
    }

    @Override
    String connectionUrl(DatasourceSpec datasource) {
        String service = Mapping.requireDatabase(this, datasource).strip();
        if (!SERVICE_NAME.matcher(service).matches()) {
            throw InvalidDatasourceException.invalid(
                    DatasourceFields.DATABASE,
                    "'%s' is not an Oracle service name (letters, digits, '_', '.', '$', '#', '-')"
                            .formatted(datasource.database()));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Duration connectionTimeout = datasource.connectionTimeout();
        if (connectionTimeout != null) {
            parameters.put(
                    "connect_timeout",
                    Long.toString(Mapping.secondsRoundedUp(DatasourceFields.CONNECTION_TIMEOUT, connectionTimeout)));
        }
        String url = "jdbc:oracle:thin:@" + (datasource.ssl() ? "tcps://" : "//")
                + Mapping.hostAndPort(this, datasource) + "/" + service;
        return Mapping.withParameters(url, parameters);
    }

    @Override
    void putFieldProperties(DatasourceSpec datasource, SortedMap<String, String> properties) {
        Integer maxPoolSize = datasource.maxPoolSize();
        if (maxPoolSize != null && maxPoolSize < 0) {
            throw InvalidDatasourceException.invalid(
                    DatasourceFields.MAX_POOL_SIZE, "must be 0 (no pool) or more, was " + maxPoolSize);
        }
        if (maxPoolSize != null && maxPoolSize == 0) {
            properties.put(POOL_ENABLED, "false");
            return;
        }
        if (maxPoolSize != null) {
            properties.put(POOL_MAX_SIZE, Integer.toString(maxPoolSize));
        }
        Duration idleTimeout = datasource.idleTimeout();
        if (idleTimeout != null) {
            properties.put(
                    POOL_INACTIVE_TIMEOUT, Mapping.secondsRoundedUp(DatasourceFields.IDLE_TIMEOUT, idleTimeout) + "s");
        }
    }

    @Override
    Map<String, String> fieldProperties() {
        return Map.of(
                POOL_ENABLED, DatasourceFields.MAX_POOL_SIZE,
                POOL_MAX_SIZE, DatasourceFields.MAX_POOL_SIZE,
                POOL_INACTIVE_TIMEOUT, DatasourceFields.IDLE_TIMEOUT);
    }

    /** ojdbc takes its connect timeout as a property. */
    @Override
    Map<String, String> testDriverProperties(Duration timeout) {
        return Map.of("oracle.net.CONNECT_TIMEOUT", Long.toString(timeout.toMillis()));
    }

    /** A session's default schema is its own user. */
    @Override
    public Optional<String> defaultSchema(@Nullable String database, @Nullable String username) {
        return lowercase(username);
    }

    /** ORA-01017 (invalid username/password) and ORA-01045 (no CREATE SESSION privilege). */
    @Override
    Set<Integer> authenticationErrorCodes() {
        return Set.of(1017, 1045);
    }

    @Override
    String driverClass() {
        return "oracle.jdbc.OracleDriver";
    }
}

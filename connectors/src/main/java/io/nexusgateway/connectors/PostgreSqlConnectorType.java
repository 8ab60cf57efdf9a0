package io.nexusgateway.connectors;

import static io.nexusgateway.connectors.Mapping.CONNECTION_URL;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLEncoder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Trino's {@code postgresql} connector (pgjdbc 42.7.6 inside Trino 476).
 *
 * <p>A PostgreSQL catalog is bound to the one database in its URL and shows that database's schemas. pgjdbc
 * URL-decodes the database name, so it is URL-encoded here. A time zone cannot be set: pgjdbc sends the Trino JVM's
 * zone as the {@code TimeZone} startup parameter, which wins over {@code options=-c TimeZone=...}.
 *
 * <p>A datasource that is not writable connects with {@code options=-c default_transaction_read_only=on}: every
 * transaction of the session is read-only, so SQL passed through {@code system.query} (a data-modifying CTE, a
 * side-effecting function) cannot write either ({@value #READ_ONLY_OPTIONS}, URL-encoded; pgjdbc decodes it).
 */
final class PostgreSqlConnectorType extends JdbcConnectorType {
    static final String READ_ONLY_OPTIONS = "-c default_transaction_read_only=on";

    PostgreSqlConnectorType() {
        super("postgresql", "PostgreSQL", 5432);
    }

    @Override
    FieldDescriptor database() {
        return JdbcFields.database(
                true,
                "The database the catalog is bound to; its schemas (public, ...) become the catalog's schemas",
                CONNECTION_URL + " path");
    }

    @Override
    FieldDescriptor ssl() {
        return JdbcFields.ssl(
                "Require TLS and verify the server's certificate and host name (pgjdbc's root certificate,"
                        + " ~/.postgresql/root.crt of the Trino user, or sslrootcert). Off: pgjdbc's default,"
                        + " prefer (TLS if the server offers it, unverified)",
                CONNECTION_URL + " sslmode=verify-full");
    }

    @Override
    FieldDescriptor connectionTimeout() {
        return JdbcFields.connectionTimeout(
                "PT10S",
                "Bounds the TCP connect and the whole login (pgjdbc's connectTimeout and loginTimeout, whole"
                        + " seconds, rounded up)",
                CONNECTION_URL + " connectTimeout, loginTimeout");
    }

    @Override
    FieldDescriptor timezone() {
        return JdbcFields.timezoneNotApplied("pgjdbc sets the session TimeZone to the Trino JVM's zone at login,"
                + " overriding options=-c TimeZone=...; timestamptz values are read as instants regardless");
    }

    @Override
    String propertiesExample() {
        return "postgresql.array-mapping=AS_ARRAY";
    }

    @Override
    String connectionUrl(DatasourceSpec datasource) {
        String database = Mapping.requireDatabase(this, datasource);
        Map<String, String> parameters = new LinkedHashMap<>();
        Duration connectionTimeout = datasource.connectionTimeout();
        if (connectionTimeout != null) {
            String seconds =
                    Long.toString(Mapping.secondsRoundedUp(DatasourceFields.CONNECTION_TIMEOUT, connectionTimeout));
            parameters.put("connectTimeout", seconds);
            parameters.put("loginTimeout", seconds);
        }
        if (datasource.ssl()) {
            parameters.put("sslmode", "verify-full");
        }
        if (!datasource.writable()) {
            parameters.put(
                    "options", URLEncoder.encode(READ_ONLY_OPTIONS, UTF_8).replace("+", "%20"));
        }
        String url =
                "jdbc:postgresql://" + Mapping.hostAndPort(this, datasource) + "/" + URLEncoder.encode(database, UTF_8);
        return Mapping.withParameters(url, parameters);
    }

    /** The catalog is bound to the database; unqualified names resolve in its search path's first schema. */
    @Override
    public Optional<String> defaultSchema(@Nullable String database, @Nullable String username) {
        return Optional.of("public");
    }

    /** pgjdbc reports no vendor codes: a refused login is SQL state 28P01, or its message. */
    @Override
    Set<Integer> authenticationErrorCodes() {
        return Set.of();
    }

    @Override
    String driverClass() {
        return "org.postgresql.Driver";
    }
}

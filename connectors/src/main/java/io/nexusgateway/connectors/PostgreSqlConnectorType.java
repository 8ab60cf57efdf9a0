package io.nexusgateway.connectors;

import static io.nexusgateway.connectors.Mapping.CONNECTION_URL;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URLEncoder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

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
final class PostgreSqlConnectorType implements ConnectorType {
    private static final int DEFAULT_PORT = 5432;
    static final String READ_ONLY_OPTIONS = "-c default_transaction_read_only=on";

    @Override
    public String type() {
        return "postgresql";
    }

    @Override
    public String connectorName() {
        return "postgresql";
    }

    @Override
    public String displayName() {
        return "PostgreSQL";
    }

    @Override
    public OptionalInt defaultPort() {
        return OptionalInt.of(DEFAULT_PORT);
    }

    @Override
    public List<FieldDescriptor> fields() {
        return List.of(
                JdbcFields.host(),
                JdbcFields.port(DEFAULT_PORT),
                new FieldDescriptor(
                        DatasourceFields.DATABASE,
                        JsonType.STRING,
                        null,
                        true,
                        null,
                        "The database the catalog is bound to; its schemas (public, ...) become the catalog's schemas",
                        CONNECTION_URL + " path"),
                JdbcFields.username(),
                JdbcFields.password(),
                new FieldDescriptor(
                        DatasourceFields.SSL,
                        JsonType.BOOLEAN,
                        null,
                        false,
                        false,
                        "Require TLS and verify the server's certificate and host name (pgjdbc's root certificate,"
                                + " ~/.postgresql/root.crt of the Trino user, or sslrootcert). Off: pgjdbc's default,"
                                + " prefer (TLS if the server offers it, unverified)",
                        CONNECTION_URL + " sslmode=verify-full"),
                new FieldDescriptor(
                        DatasourceFields.CONNECTION_TIMEOUT,
                        JsonType.STRING,
                        "duration",
                        false,
                        "PT10S",
                        "Bounds the TCP connect and the whole login (pgjdbc's connectTimeout and loginTimeout, whole"
                                + " seconds, rounded up)",
                        CONNECTION_URL + " connectTimeout, loginTimeout"),
                JdbcFields.poolNotApplied(DatasourceFields.MAX_POOL_SIZE, null, "PostgreSQL"),
                JdbcFields.poolNotApplied(DatasourceFields.IDLE_TIMEOUT, "duration", "PostgreSQL"),
                JdbcFields.maxLifetime(),
                Mapping.notApplied(
                        DatasourceFields.TIMEZONE,
                        JsonType.STRING,
                        "time-zone",
                        "pgjdbc sets the session TimeZone to the Trino JVM's zone at login, overriding"
                                + " options=-c TimeZone=...; timestamptz values are read as instants regardless"),
                JdbcFields.properties(connectorName(), "postgresql.array-mapping=AS_ARRAY"));
    }

    @Override
    public CatalogDefinition toCatalog(DatasourceSpec datasource) {
        Mapping.checkDatasource(this, datasource);
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
        SortedMap<String, String> properties = new TreeMap<>();
        properties.put(CONNECTION_URL, Mapping.withParameters(url, parameters));
        Mapping.putCredentials(this, datasource, properties);
        Mapping.putExtraProperties(datasource, properties, Map.of());
        return CatalogDefinition.of(
                datasource.catalogName(),
                connectorName(),
                properties,
                datasource.id().toString(),
                datasource.secretVersion());
    }
}

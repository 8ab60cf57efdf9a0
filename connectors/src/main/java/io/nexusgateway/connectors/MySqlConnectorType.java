package io.nexusgateway.connectors;

import static io.nexusgateway.connectors.Mapping.CONNECTION_URL;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Trino's {@code mysql} connector (MySQL Connector/J 9.2 inside Trino 476).
 *
 * <p>The URL has no database: Trino refuses one ("Database (catalog) must not be specified in JDBC URL for MySQL
 * connector") and the catalog shows every database as a schema. Trino passes {@code connectTimeout},
 * {@code connectionTimeZone=LOCAL} and {@code forceConnectionTimeZoneToSession=true} as driver properties, which win
 * over URL parameters, so the connection timeout must go through {@code mysql.connection-timeout} and a time zone
 * cannot be set at all.
 */
final class MySqlConnectorType implements ConnectorType {
    static final String CONNECTION_TIMEOUT = "mysql.connection-timeout";

    private static final int DEFAULT_PORT = 3306;

    @Override
    public String type() {
        return "mysql";
    }

    @Override
    public String connectorName() {
        return "mysql";
    }

    @Override
    public String displayName() {
        return "MySQL";
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
                        false,
                        null,
                        "Not applied: the catalog shows every database the login may see as a schema (Trino"
                                + " refuses a database in a MySQL URL); this is the default schema for clients",
                        null),
                JdbcFields.username(),
                JdbcFields.password(),
                new FieldDescriptor(
                        DatasourceFields.SSL,
                        JsonType.BOOLEAN,
                        null,
                        false,
                        false,
                        "Require TLS and verify the server's certificate and host name against the Trino JVM's trust"
                                + " store. Off: Connector/J's default, PREFERRED (TLS if the server offers it,"
                                + " unverified)",
                        CONNECTION_URL + " sslMode=VERIFY_IDENTITY"),
                new FieldDescriptor(
                        DatasourceFields.CONNECTION_TIMEOUT,
                        JsonType.STRING,
                        "duration",
                        false,
                        "PT10S",
                        "Connector/J's connectTimeout: bounds the TCP connect of each attempt (Trino's MySQL"
                                + " connector tries up to 3 times); a server that accepts but never answers is not"
                                + " bounded by it",
                        CONNECTION_TIMEOUT),
                JdbcFields.poolNotApplied(DatasourceFields.MAX_POOL_SIZE, null, "MySQL"),
                JdbcFields.poolNotApplied(DatasourceFields.IDLE_TIMEOUT, "duration", "MySQL"),
                JdbcFields.maxLifetime(),
                Mapping.notApplied(
                        DatasourceFields.TIMEZONE,
                        JsonType.STRING,
                        "time-zone",
                        "Trino's MySQL connector sets connectionTimeZone=LOCAL and"
                                + " forceConnectionTimeZoneToSession=true (the Trino JVM's zone) as driver properties,"
                                + " which override URL parameters"),
                JdbcFields.properties(connectorName(), "case-insensitive-name-matching=true"));
    }

    @Override
    public CatalogDefinition toCatalog(DatasourceSpec datasource) {
        Mapping.checkDatasource(this, datasource);
        SortedMap<String, String> properties = new TreeMap<>();
        String url = "jdbc:mysql://" + Mapping.hostAndPort(this, datasource);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (datasource.ssl()) {
            parameters.put("sslMode", "VERIFY_IDENTITY");
        }
        if (!datasource.writable()) {
            // MySQL 5.7.20+/8.x: the session's transactions are read-only, also for SQL passed through system.query
            parameters.put("sessionVariables", "transaction_read_only=1");
        }
        properties.put(CONNECTION_URL, parameters.isEmpty() ? url : Mapping.withParameters(url + "/", parameters));
        Mapping.putCredentials(this, datasource, properties);
        Duration connectionTimeout = datasource.connectionTimeout();
        if (connectionTimeout != null) {
            properties.put(
                    CONNECTION_TIMEOUT,
                    Mapping.airliftDuration(DatasourceFields.CONNECTION_TIMEOUT, connectionTimeout));
        }
        Mapping.putExtraProperties(
                datasource, properties, Map.of(CONNECTION_TIMEOUT, DatasourceFields.CONNECTION_TIMEOUT));
        return CatalogDefinition.of(
                datasource.catalogName(),
                connectorName(),
                properties,
                datasource.id().toString(),
                datasource.secretVersion());
    }
}

package io.nexusgateway.connectors;

import static io.nexusgateway.connectors.Mapping.CONNECTION_URL;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Trino's {@code mariadb} connector (MariaDB Connector/J 3.3.4 inside Trino 476).
 *
 * <p>Like MySQL, the URL has no database (Trino refuses one). Trino adds only {@code tinyInt1isBit=false} as a driver
 * property, so connect timeout, TLS and time zone go into the URL. Connector/J 3.3 does not URL-decode parameter
 * values ({@code timezone=%2B01:00} fails with "Invalid ID for region-based ZoneId"), so values are written as they
 * are; they come from checked fields and hold no {@code &}, {@code =} or {@code #}.
 *
 * <p>A datasource that is not writable connects with {@code sessionVariables=tx_read_only=1}: the session's
 * transactions are read-only, so SQL passed through {@code system.query} cannot write ({@code tx_read_only} is the
 * name MariaDB 10.x knows; 11.x keeps it as an alias of {@code transaction_read_only}).
 */
final class MariaDbConnectorType implements ConnectorType {
    private static final int DEFAULT_PORT = 3306;

    @Override
    public String type() {
        return "mariadb";
    }

    @Override
    public String connectorName() {
        return "mariadb";
    }

    @Override
    public String displayName() {
        return "MariaDB";
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
                                + " refuses a database in a MariaDB URL); this is the default schema for clients",
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
                                + " store. Off: the driver's default, no TLS",
                        CONNECTION_URL + " sslMode=verify-full"),
                new FieldDescriptor(
                        DatasourceFields.CONNECTION_TIMEOUT,
                        JsonType.STRING,
                        "duration",
                        false,
                        "PT30S",
                        "Bounds connecting and the login handshake (the driver's connectTimeout, in milliseconds)",
                        CONNECTION_URL + " connectTimeout"),
                JdbcFields.poolNotApplied(DatasourceFields.MAX_POOL_SIZE, null, "MariaDB"),
                JdbcFields.poolNotApplied(DatasourceFields.IDLE_TIMEOUT, "duration", "MariaDB"),
                JdbcFields.maxLifetime(),
                new FieldDescriptor(
                        DatasourceFields.TIMEZONE,
                        JsonType.STRING,
                        "time-zone",
                        false,
                        null,
                        "Session time_zone the driver sets on each connection; it decides how TIMESTAMP values read."
                                + " Named zones (Europe/Berlin) need the server's time-zone tables"
                                + " (mariadb-tzinfo-to-sql), offsets such as +01:00 always work. Empty: the server's"
                                + " default",
                        CONNECTION_URL + " timezone"),
                JdbcFields.properties(connectorName(), "case-insensitive-name-matching=true"));
    }

    @Override
    public CatalogDefinition toCatalog(DatasourceSpec datasource) {
        Mapping.checkDatasource(this, datasource);
        Map<String, String> parameters = new LinkedHashMap<>();
        Duration connectionTimeout = datasource.connectionTimeout();
        if (connectionTimeout != null) {
            parameters.put(
                    "connectTimeout",
                    Long.toString(Mapping.millisRoundedUp(DatasourceFields.CONNECTION_TIMEOUT, connectionTimeout)));
        }
        if (datasource.ssl()) {
            parameters.put("sslMode", "verify-full");
        }
        ZoneId zone = Mapping.zone(datasource.timezone());
        if (zone != null) {
            parameters.put("timezone", zone.getId());
        }
        if (!datasource.writable()) {
            // the driver splits a parameter at its first '=' and does not URL-decode: the value is written as is
            parameters.put("sessionVariables", "tx_read_only=1");
        }
        String url = "jdbc:mariadb://" + Mapping.hostAndPort(this, datasource);
        SortedMap<String, String> properties = new TreeMap<>();
        properties.put(CONNECTION_URL, parameters.isEmpty() ? url : Mapping.withParameters(url + "/", parameters));
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

package io.nexusgateway.connectors;

import static io.nexusgateway.connectors.Mapping.CONNECTION_URL;

import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

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
final class MariaDbConnectorType extends MySqlFamilyConnectorType {
    MariaDbConnectorType() {
        super("mariadb", "MariaDB");
    }

    @Override
    FieldDescriptor ssl() {
        return JdbcFields.ssl(
                "Require TLS and verify the server's certificate and host name against the Trino JVM's trust"
                        + " store. Off: the driver's default, no TLS",
                CONNECTION_URL + " sslMode=verify-full");
    }

    @Override
    FieldDescriptor connectionTimeout() {
        return JdbcFields.connectionTimeout(
                "PT30S",
                "Bounds connecting and the login handshake (the driver's connectTimeout, in milliseconds)",
                CONNECTION_URL + " connectTimeout");
    }

    @Override
    FieldDescriptor timezone() {
        return JdbcFields.timezone(
                "Session time_zone the driver sets on each connection; it decides how TIMESTAMP values read."
                        + " Named zones (Europe/Berlin) need the server's time-zone tables"
                        + " (mariadb-tzinfo-to-sql), offsets such as +01:00 always work. Empty: the server's"
                        + " default",
                CONNECTION_URL + " timezone");
    }

    @Override
    String connectionUrl(DatasourceSpec datasource) {
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
        return parameters.isEmpty() ? url : Mapping.withParameters(url + "/", parameters);
    }

    @Override
    String driverClass() {
        return "org.mariadb.jdbc.Driver";
    }
}

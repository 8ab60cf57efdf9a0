package io.nexusgateway.connectors;

import static io.nexusgateway.connectors.Mapping.CONNECTION_URL;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * Trino's {@code mysql} connector (MySQL Connector/J 9.2 inside Trino 476).
 *
 * <p>The URL has no database: Trino refuses one ("Database (catalog) must not be specified in JDBC URL for MySQL
 * connector") and the catalog shows every database as a schema. Trino passes {@code connectTimeout},
 * {@code connectionTimeZone=LOCAL} and {@code forceConnectionTimeZoneToSession=true} as driver properties, which win
 * over URL parameters, so the connection timeout must go through {@code mysql.connection-timeout} and a time zone
 * cannot be set at all.
 */
final class MySqlConnectorType extends MySqlFamilyConnectorType {
    static final String CONNECTION_TIMEOUT = "mysql.connection-timeout";

    MySqlConnectorType() {
        super("mysql", "MySQL");
    }

    @Override
    FieldDescriptor ssl() {
        return JdbcFields.ssl(
                "Require TLS and verify the server's certificate and host name against the Trino JVM's trust"
                        + " store. Off: Connector/J's default, PREFERRED (TLS if the server offers it,"
                        + " unverified)",
                CONNECTION_URL + " sslMode=VERIFY_IDENTITY");
    }

    @Override
    FieldDescriptor connectionTimeout() {
        return JdbcFields.connectionTimeout(
                "PT10S",
                "Connector/J's connectTimeout: bounds the TCP connect of each attempt (Trino's MySQL"
                        + " connector tries up to 3 times); a server that accepts but never answers is not"
                        + " bounded by it",
                CONNECTION_TIMEOUT);
    }

    @Override
    FieldDescriptor timezone() {
        return JdbcFields.timezoneNotApplied("Trino's MySQL connector sets connectionTimeZone=LOCAL and"
                + " forceConnectionTimeZoneToSession=true (the Trino JVM's zone) as driver properties,"
                + " which override URL parameters");
    }

    @Override
    String connectionUrl(DatasourceSpec datasource) {
        String url = "jdbc:mysql://" + Mapping.hostAndPort(this, datasource);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (datasource.ssl()) {
            parameters.put("sslMode", "VERIFY_IDENTITY");
        }
        if (!datasource.writable()) {
            // MySQL 5.7.20+/8.x: the session's transactions are read-only, also for SQL passed through system.query
            parameters.put("sessionVariables", "transaction_read_only=1");
        }
        return parameters.isEmpty() ? url : Mapping.withParameters(url + "/", parameters);
    }

    @Override
    void putFieldProperties(DatasourceSpec datasource, SortedMap<String, String> properties) {
        Duration connectionTimeout = datasource.connectionTimeout();
        if (connectionTimeout != null) {
            properties.put(
                    CONNECTION_TIMEOUT,
                    Mapping.airliftDuration(DatasourceFields.CONNECTION_TIMEOUT, connectionTimeout));
        }
    }

    @Override
    Map<String, String> fieldProperties() {
        return Map.of(CONNECTION_TIMEOUT, DatasourceFields.CONNECTION_TIMEOUT);
    }

    @Override
    String driverClass() {
        return "com.mysql.cj.jdbc.Driver";
    }
}

package io.nexusgateway.testing.db;

import static java.util.Objects.requireNonNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * A MariaDB or PostgreSQL server that tests may create databases and logins on, reached over TCP.
 *
 * <p>Get the shared one from {@link TestDatabases}; give each test its own database with
 * {@link #createDatabase(String)}.
 *
 * @param adminUser a superuser (MariaDB: with {@code GRANT OPTION}) that creates and drops test databases and logins
 * @param embedded whether this JVM started the server from Maven-resolved binaries (and stops it on exit)
 */
public record DatabaseServer(
        DatabaseKind kind, String host, int port, String adminUser, String adminPassword, boolean embedded) {
    private static final Duration ADMIN_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ADMIN_SOCKET_TIMEOUT = Duration.ofMinutes(2);

    public DatabaseServer {
        requireNonNull(kind, "kind is null");
        requireNonNull(host, "host is null");
        requireNonNull(adminUser, "adminUser is null");
        requireNonNull(adminPassword, "adminPassword is null");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code host:port}, with brackets around an IPv6 host. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The JDBC URL of {@code database} on this server, without credentials. */
    public String jdbcUrl(String database) {
        requireNonNull(database, "database is null");
        return "jdbc:" + kind.jdbcScheme() + "://" + address() + "/" + database;
    }

    /** The JDBC URL of {@code database} that logs in as {@link #adminUser()}. */
    public String adminJdbcUrl(String database) {
        String url = jdbcUrl(database) + "?user=" + urlEncode(adminUser);
        return adminPassword.isEmpty() ? url : url + "&password=" + urlEncode(adminPassword);
    }

    /** A new connection as {@link #adminUser()} to the maintenance database ({@code postgres}, or none on MariaDB). */
    public Connection openAdminConnection() throws SQLException {
        return openAdminConnection(kind.maintenanceDatabase());
    }

    /** A new connection as {@link #adminUser()} to {@code database}. */
    public Connection openAdminConnection(String database) throws SQLException {
        return DriverManager.getConnection(
                jdbcUrl(database),
                connectionProperties(kind, adminUser, adminPassword, ADMIN_CONNECT_TIMEOUT, ADMIN_SOCKET_TIMEOUT));
    }

    /**
     * Creates a database named after {@code prefix} plus a random suffix, and a login of its own with a random password
     * that may use everything in it. Close the result to drop both.
     */
    public TestDatabase createDatabase(String prefix) {
        return createDatabase(prefix, DatabaseNames.randomPassword());
    }

    /**
     * Like {@link #createDatabase(String)}, with the login's password given, e.g. a canary that a test then looks for
     * in logs. The password must be printable ASCII without spaces, quotes, backslash or backtick.
     */
    public TestDatabase createDatabase(String prefix, String password) {
        String databaseName = DatabaseNames.uniqueName(prefix);
        TestDatabase database = new TestDatabase(
                this, databaseName, DatabaseNames.userName(databaseName), DatabaseNames.checkPassword(password));
        DatabaseAdministration.create(database);
        return database;
    }

    static Properties connectionProperties(
            DatabaseKind kind, String user, String password, Duration connectTimeout, Duration socketTimeout) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        switch (kind) {
            case MARIADB -> {
                properties.setProperty("connectTimeout", String.valueOf(connectTimeout.toMillis()));
                properties.setProperty("socketTimeout", String.valueOf(socketTimeout.toMillis()));
            }
            case POSTGRESQL -> {
                properties.setProperty("connectTimeout", String.valueOf(connectTimeout.toSeconds()));
                properties.setProperty("loginTimeout", String.valueOf(connectTimeout.toSeconds()));
                properties.setProperty("socketTimeout", String.valueOf(socketTimeout.toSeconds()));
            }
        }
        return properties;
    }

    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

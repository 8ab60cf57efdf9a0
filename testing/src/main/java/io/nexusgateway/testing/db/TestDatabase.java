package io.nexusgateway.testing.db;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A database of one test and the login that owns it (PostgreSQL) or holds all privileges on it (MariaDB), from
 * {@link DatabaseServer#createDatabase(String)}. {@link #close()} drops both, ending the login's sessions first.
 *
 * @param databaseName unique, lowercase, {@code [a-z0-9_]}: needs no quoting in SQL
 * @param user the login, {@code <databaseName>_user}; on MariaDB {@code 'user'@'%'}
 * @param password strong and random unless the caller chose it; never quotes or backslashes
 */
public record TestDatabase(DatabaseServer server, String databaseName, String user, String password)
        implements AutoCloseable {
    public TestDatabase {
        requireNonNull(server, "server is null");
        requireNonNull(databaseName, "databaseName is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
    }

    /** The JDBC URL of this database, without credentials: log in with {@link #user()} and {@link #password()}. */
    public String jdbcUrl() {
        return server.jdbcUrl(databaseName);
    }

    /** A new connection to this database as {@link #user()}. */
    public Connection openConnection() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** Drops the database and the login; doing it twice is harmless. */
    @Override
    public void close() {
        DatabaseAdministration.drop(this);
    }

    @Override
    public String toString() {
        // a test may put a canary password here and then assert that it appears in no log
        return "TestDatabase[" + databaseName + " on " + server.kind().displayName() + " " + server.address()
                + ", user=" + user + "]";
    }
}

package io.nexusgateway.testing.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The DDL behind {@link TestDatabase}. Names come from {@link DatabaseNames} ({@code [a-z0-9_]}) and passwords passed
 * {@link DatabaseNames#checkPassword(String)}, so they go into statements as they are: neither server takes parameters
 * in {@code CREATE USER}/{@code CREATE ROLE}.
 */
final class DatabaseAdministration {
    // MariaDB: "Unknown thread id", the session ended by itself between listing and KILL
    private static final int ER_NO_SUCH_THREAD = 1094;

    private DatabaseAdministration() {}

    static void create(TestDatabase database) {
        DatabaseServer server = database.server();
        try (Connection connection = server.openAdminConnection();
                Statement statement = connection.createStatement()) {
            try {
                for (String sql : createStatements(database)) {
                    statement.execute(sql);
                }
            } catch (SQLException e) {
                try {
                    drop(connection, database);
                } catch (SQLException | RuntimeException dropFailure) {
                    e.addSuppressed(dropFailure);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot create test database %s with user %s on %s %s as %s: %s"
                            .formatted(
                                    database.databaseName(),
                                    database.user(),
                                    server.kind().displayName(),
                                    server.address(),
                                    server.adminUser(),
                                    e.getMessage()),
                    e);
        }
    }

    static void drop(TestDatabase database) {
        DatabaseServer server = database.server();
        try (Connection connection = server.openAdminConnection()) {
            drop(connection, database);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot drop test database %s and user %s on %s %s: %s"
                            .formatted(
                                    database.databaseName(),
                                    database.user(),
                                    server.kind().displayName(),
                                    server.address(),
                                    e.getMessage()),
                    e);
        }
    }

    private static List<String> createStatements(TestDatabase database) {
        String name = database.databaseName();
        String user = database.user();
        String password = DatabaseNames.checkPassword(database.password());
        return switch (database.server().kind()) {
            case MARIADB ->
                List.of(
                        // explicit, so MariaDB 10.11 (Debian) and 11.4 (embedded) behave alike
                        "CREATE DATABASE `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci".formatted(name),
                        "CREATE USER '%s'@'%%' IDENTIFIED BY '%s'".formatted(user, password),
                        // '_' is a wildcard in GRANT's database name: escaped, the grant covers this database only
                        "GRANT ALL PRIVILEGES ON `%s`.* TO '%s'@'%%'".formatted(name.replace("_", "\\_"), user));
            case POSTGRESQL ->
                List.of(
                        "CREATE ROLE \"%s\" LOGIN PASSWORD '%s'".formatted(user, password),
                        // template0 takes no connections, so it is never "being accessed by other users"
                        "CREATE DATABASE \"%s\" OWNER \"%s\" TEMPLATE template0 ENCODING 'UTF8'".formatted(name, user),
                        // only the owner (and superusers) may connect: tests cannot use each other's databases
                        "REVOKE CONNECT, TEMPORARY ON DATABASE \"%s\" FROM PUBLIC".formatted(name));
        };
    }

    private static void drop(Connection connection, TestDatabase database) throws SQLException {
        String name = database.databaseName();
        String user = database.user();
        switch (database.server().kind()) {
            case MARIADB -> {
                // an open transaction of the test would make DROP DATABASE wait for its metadata lock
                for (long sessionId : mariadbSessionsOf(connection, user)) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("KILL CONNECTION " + sessionId);
                    } catch (SQLException e) {
                        if (e.getErrorCode() != ER_NO_SUCH_THREAD) {
                            throw e;
                        }
                    }
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS `%s`".formatted(name));
                    statement.execute("DROP USER IF EXISTS '%s'@'%%'".formatted(user));
                }
            }
            case POSTGRESQL -> {
                // WITH (FORCE) ends sessions in the database, the login may be connected elsewhere too;
                // both, and pg_terminate_backend's timeout, need PostgreSQL 13/14 or later
                try (PreparedStatement statement =
                        connection.prepareStatement("SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                                + " WHERE usename = ? AND pid <> pg_backend_pid()")) {
                    statement.setString(1, user);
                    statement.executeQuery().close();
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)".formatted(name));
                    statement.execute("DROP ROLE IF EXISTS \"%s\"".formatted(user));
                }
            }
        }
    }

    private static List<Long> mariadbSessionsOf(Connection connection, String user) throws SQLException {
        List<Long> sessionIds = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id FROM information_schema.processlist WHERE user = ? AND id <> CONNECTION_ID()")) {
            statement.setString(1, user);
            try (ResultSet resultSet = statement.executeQuery()) {
                while (resultSet.next()) {
                    sessionIds.add(resultSet.getLong(1));
                }
            }
        }
        return sessionIds;
    }
}

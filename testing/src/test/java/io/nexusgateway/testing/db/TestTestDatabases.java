package io.nexusgateway.testing.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class TestTestDatabases {
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void testCreateUseAndDropDatabase(DatabaseKind kind) throws SQLException {
        DatabaseServer server = TestDatabases.server(kind);
        String databaseName;
        String user;
        try (TestDatabase database = server.createDatabase("crud")) {
            databaseName = database.databaseName();
            user = database.user();
            assertThat(databaseName).matches("crud_[a-z0-9]{10}");
            assertThat(user).isEqualTo(databaseName + "_user");
            assertThat(database.jdbcUrl())
                    .isEqualTo("jdbc:%s://%s/%s".formatted(kind.jdbcScheme(), server.address(), databaseName));
            assertThat(databaseExists(server, databaseName)).isTrue();
            assertThat(userExists(server, user)).isTrue();

            try (Connection connection = database.openConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE greeting (id INTEGER PRIMARY KEY, message VARCHAR(100) NOT NULL)");
                statement.execute("INSERT INTO greeting (id, message) VALUES (1, 'hello'), (2, 'grüezi')");
                try (ResultSet resultSet = statement.executeQuery("SELECT id, message FROM greeting ORDER BY id")) {
                    assertThat(resultSet.next()).isTrue();
                    assertThat(resultSet.getInt("id")).isEqualTo(1);
                    assertThat(resultSet.getString("message")).isEqualTo("hello");
                    assertThat(resultSet.next()).isTrue();
                    assertThat(resultSet.getString("message")).isEqualTo("grüezi");
                    assertThat(resultSet.next()).isFalse();
                }
            }
        }
        assertThat(databaseExists(server, databaseName)).isFalse();
        assertThat(userExists(server, user)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void testGivenPassword(DatabaseKind kind) throws SQLException {
        String canary = "Canary!%-" + DatabaseNames.uniqueName("c");
        try (TestDatabase database = TestDatabases.server(kind).createDatabase("canary", canary)) {
            assertThat(database.password()).isEqualTo(canary);
            assertThat(database.toString()).doesNotContain(canary);
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), canary)) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void testRejectsPasswordThatNeedsQuoting(DatabaseKind kind) {
        assertThatThrownBy(() -> TestDatabases.server(kind).createDatabase("quote", "it's"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quotes");
    }

    @Test
    void testMariadbRejectsWrongPassword() {
        try (TestDatabase database = TestDatabases.mariadb().createDatabase("wrong_password")) {
            assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), database.user(), "not-it"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Access denied");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void testLoginCannotUseAnotherTestsDatabase(DatabaseKind kind) {
        DatabaseServer server = TestDatabases.server(kind);
        try (TestDatabase mine = server.createDatabase("mine");
                TestDatabase theirs = server.createDatabase("theirs")) {
            assertThatThrownBy(() -> {
                        try (Connection connection =
                                DriverManager.getConnection(theirs.jdbcUrl(), mine.user(), mine.password())) {
                            connection.createStatement().execute("CREATE TABLE intruder (id INTEGER)");
                        }
                    })
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("denied");
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void testCloseEndsOpenSessions(DatabaseKind kind) throws SQLException {
        DatabaseServer server = TestDatabases.server(kind);
        TestDatabase database = server.createDatabase("open_session");
        try (Connection connection = database.openConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE held (id INTEGER)");
            connection.setAutoCommit(false);
            // an uncommitted transaction holds a lock that DROP DATABASE would otherwise wait for
            statement.execute("INSERT INTO held VALUES (1)");

            database.close();

            assertThat(databaseExists(server, database.databaseName())).isFalse();
            assertThat(connection.isValid(5)).isFalse();
        }
        database.close(); // twice is harmless
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void testAdminJdbcUrl(DatabaseKind kind) throws SQLException {
        DatabaseServer server = TestDatabases.server(kind);
        String database = kind.maintenanceDatabase();
        assertThat(server.adminJdbcUrl(database))
                .isEqualTo("jdbc:%s://%s/%s?user=%s"
                        .formatted(kind.jdbcScheme(), server.address(), database, kind.defaultAdminUser()));
        try (Connection connection = DriverManager.getConnection(server.adminJdbcUrl(database))) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void testOneServerPerJvm(DatabaseKind kind) {
        assertThat(TestDatabases.server(kind)).isSameAs(TestDatabases.server(kind));
        assertThat(TestDatabases.mariadb().kind()).isEqualTo(DatabaseKind.MARIADB);
        assertThat(TestDatabases.postgresql().kind()).isEqualTo(DatabaseKind.POSTGRESQL);
    }

    static boolean databaseExists(DatabaseServer server, String databaseName) throws SQLException {
        String sql =
                switch (server.kind()) {
                    case MARIADB -> "SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?";
                    case POSTGRESQL -> "SELECT count(*) FROM pg_database WHERE datname = ?";
                };
        return countOf(server, sql, databaseName) > 0;
    }

    static boolean userExists(DatabaseServer server, String user) throws SQLException {
        String sql =
                switch (server.kind()) {
                    case MARIADB -> "SELECT count(*) FROM mysql.user WHERE user = ?";
                    case POSTGRESQL -> "SELECT count(*) FROM pg_roles WHERE rolname = ?";
                };
        return countOf(server, sql, user) > 0;
    }

    private static long countOf(DatabaseServer server, String sql, String parameter) throws SQLException {
        try (Connection connection = server.openAdminConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet resultSet = statement.executeQuery()) {
                resultSet.next();
                return resultSet.getLong(1);
            }
        }
    }
}

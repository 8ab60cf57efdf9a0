package io.nexusgateway.testing.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs only in the {@code embedded-databases} Surefire execution, which sets {@code nexus.test.mariadb} and
 * {@code nexus.test.postgresql} to {@code embedded}: what a machine without database servers gets.
 * {@link TestTestDatabases} runs there too.
 */
final class TestEmbeddedDatabases {
    @ParameterizedTest
    @EnumSource(DatabaseKind.class)
    void testServerIsEmbedded(DatabaseKind kind) {
        DatabaseServer server = TestDatabases.server(kind);
        assertThat(server.embedded())
                .as("%s is %s: this class belongs to the embedded-databases execution", kind, server)
                .isTrue();
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.port()).isNotEqualTo(kind.defaultPort());
        assertThat(server.adminUser()).isEqualTo(kind.defaultAdminUser());
    }

    @Test
    void testMariadbVersionAndCharacterSet() throws SQLException {
        try (Connection connection = TestDatabases.mariadb().openAdminConnection();
                Statement statement = connection.createStatement();
                ResultSet resultSet =
                        statement.executeQuery("SELECT version(), @@character_set_server, @@collation_server")) {
            assertThat(resultSet.next()).isTrue();
            assertThat(resultSet.getString(1)).startsWith(EmbeddedMariaDb.DATABASE_VERSION);
            assertThat(resultSet.getString(2)).isEqualTo("utf8mb4");
            assertThat(resultSet.getString(3)).isEqualTo("utf8mb4_unicode_ci");
        }
    }

    @Test
    void testPostgresqlChecksPasswordsOfTestLogins() throws SQLException {
        // the machine's server trusts every login on loopback; the embedded one asks test logins for their password
        try (TestDatabase database = TestDatabases.postgresql().createDatabase("scram")) {
            assertThatThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), database.user(), "not-it"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            try (Connection connection = database.openConnection()) {
                assertThat(connection.isValid(5)).isTrue();
            }
        }
    }
}

package io.nexusgateway.testing.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class TestServerSetting {
    @Test
    void testDefaults() {
        assertThat(ServerSetting.read(DatabaseKind.MARIADB, name -> null, name -> null))
                .isEqualTo(new ServerSetting(DatabaseKind.MARIADB, "127.0.0.1", 3306, "default"));
        assertThat(ServerSetting.read(DatabaseKind.POSTGRESQL, name -> null, name -> null))
                .isEqualTo(new ServerSetting(DatabaseKind.POSTGRESQL, "127.0.0.1", 5432, "default"));
    }

    @Test
    void testSystemPropertyBeforeEnvironment() {
        Map<String, String> properties = Map.of("nexus.test.postgresql", " db.example:6543 ");
        Map<String, String> environment = Map.of("NEXUS_TEST_POSTGRESQL", "embedded", "NEXUS_TEST_MARIADB", "EMBEDDED");

        assertThat(ServerSetting.read(DatabaseKind.POSTGRESQL, properties::get, environment::get))
                .isEqualTo(new ServerSetting(
                        DatabaseKind.POSTGRESQL, "db.example", 6543, "-Dnexus.test.postgresql=db.example:6543"));
        ServerSetting mariadb = ServerSetting.read(DatabaseKind.MARIADB, properties::get, environment::get);
        assertThat(mariadb.embedded()).isTrue();
        assertThat(mariadb.source()).isEqualTo("NEXUS_TEST_MARIADB=EMBEDDED");
    }

    @Test
    void testBlankMeansUnset() {
        assertThat(ServerSetting.read(DatabaseKind.MARIADB, name -> " ", name -> "127.0.0.1:1"))
                .isEqualTo(new ServerSetting(DatabaseKind.MARIADB, "127.0.0.1", 1, "NEXUS_TEST_MARIADB=127.0.0.1:1"));
    }

    @Test
    void testIpv6() {
        assertThat(ServerSetting.parse(DatabaseKind.MARIADB, "[::1]:3307", "test"))
                .isEqualTo(new ServerSetting(DatabaseKind.MARIADB, "::1", 3307, "test"));
    }

    @Test
    void testMalformedSettingFails() {
        for (String value :
                new String[] {"localhost", "localhost:", ":3306", "localhost:port", "localhost:70000", "embeded"}) {
            assertThatThrownBy(() -> ServerSetting.parse(DatabaseKind.MARIADB, value, "-Dnexus.test.mariadb=" + value))
                    .as(value)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nexus.test.mariadb must be host:port or 'embedded'");
        }
    }
}

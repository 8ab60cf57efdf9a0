package io.nexusgateway.trino.plugin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class TestSecretRedactor {
    @Test
    void testRedactsLiteralsAssignedToSecretNames() {
        assertThat(SecretRedactor.redact(
                        "CREATE CATALOG c USING mariadb WITH (\"connection-url\" = 'jdbc:mariadb://h:3306',"
                                + " \"connection-user\" = 'u', \"connection-password\" = 'S3cr''et!')"))
                .isEqualTo("CREATE CATALOG c USING mariadb WITH (\"connection-url\" = 'jdbc:mariadb://h:3306',"
                        + " \"connection-user\" = 'u', \"connection-password\" = '***')");
        assertThat(SecretRedactor.redact("SELECT * FROM TABLE(f(api_key => 'abc', token => 'xyz', n => 'keep'))"))
                .isEqualTo("SELECT * FROM TABLE(f(api_key => '***', token => '***', n => 'keep'))");
        assertThat(SecretRedactor.redact("SELECT json_parse('{\"user\": \"u\", \"password\": \"hu\\\"sh\"}')"))
                .isEqualTo("SELECT json_parse('{\"user\": \"u\", \"password\": \"***\"}')");
        assertThat(SecretRedactor.redact("CREATE USER bob IDENTIFIED BY 'hunter2'"))
                .isEqualTo("CREATE USER bob IDENTIFIED BY '***'");
    }

    @Test
    void testRedactsPasswordParametersInsideLiterals() {
        assertThat(SecretRedactor.redact("SELECT 'jdbc:postgresql://h/db?user=u&password=hunter2&ssl=true'"))
                .isEqualTo("SELECT 'jdbc:postgresql://h/db?user=u&password=***&ssl=true'");
    }

    @Test
    void testKeepsSecretReferencesAndOrdinaryText() {
        String create = "CREATE CATALOG c USING postgresql WITH (\"connection-password\" ="
                + " '${nexus:datasource.4b0e.password}')";
        assertThat(SecretRedactor.redact(create)).isEqualTo(create);
        String select = "SELECT name, password_hint FROM users WHERE name = 'ada'";
        assertThat(SecretRedactor.redact(select)).isEqualTo(select);
    }

    @Test
    void testCutsLongQueries() {
        String redacted = SecretRedactor.redact("SELECT '" + "x".repeat(SecretRedactor.MAX_QUERY_LENGTH) + "'");
        assertThat(redacted).hasSize(SecretRedactor.MAX_QUERY_LENGTH + "...[truncated]".length());
        assertThat(redacted).endsWith("...[truncated]");
    }
}

package io.nexusgateway.controlplane.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

final class TestSqlParameters {
    // as the application configures it (application.yml): JSON decimals stay exact
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    @Test
    void testNoParametersSendsTheSqlAsItIs() {
        assertThat(SqlParameters.bind("SELECT 1", List.of())).isEqualTo("SELECT 1");
    }

    @Test
    void testValuesBecomeLiteralsAndTheSqlAQuotedString() {
        assertThat(SqlParameters.bind(
                        "SELECT * FROM t WHERE a = ? AND b = 'x'",
                        Arrays.asList(
                                json("\"it's\""),
                                json("42"),
                                json("1.50"),
                                json("1e3"),
                                json("true"),
                                json("null"),
                                null)))
                .isEqualTo("EXECUTE IMMEDIATE 'SELECT * FROM t WHERE a = ? AND b = ''x''' USING 'it''s', 42, 1.50,"
                        + " DOUBLE '1E+3', TRUE, NULL, NULL");
    }

    @Test
    void testTypedValuesAreCheckedAndWrittenAsTypedLiterals() {
        assertThat(SqlParameters.bind(
                        "SELECT ?, ?, ?, ?, ?, ?",
                        List.of(
                                json("{\"type\": \"date\", \"value\": \"2024-02-29\"}"),
                                json("{\"type\": \"timestamp\", \"value\": \"2024-02-29T12:00\"}"),
                                json("{\"type\": \"timestamp_tz\", \"value\": \"2024-02-29T12:00:00.5+01:00\"}"),
                                json("{\"type\": \"binary\", \"value\": \"3q2+7w==\"}"),
                                json("{\"type\": \"uuid\", \"value\": null}"),
                                json("{\"type\": \"string\", \"value\": \"x'; DROP TABLE t; --\"}"))))
                .isEqualTo("EXECUTE IMMEDIATE 'SELECT ?, ?, ?, ?, ?, ?' USING DATE '2024-02-29',"
                        + " TIMESTAMP '2024-02-29 12:00:00', TIMESTAMP '2024-02-29 12:00:00.5 +01:00', X'deadbeef',"
                        + " CAST(NULL AS UUID), 'x''; DROP TABLE t; --'");
    }

    @Test
    void testBadValuesNameTheParameter() {
        assertThatThrownBy(() -> SqlParameters.bind(
                        "SELECT ?, ?", List.of(json("1"), json("{\"type\": \"date\", \"value\": \"2024-13-01\"}"))))
                .isInstanceOfSatisfying(NexusException.class, e -> {
                    assertThat(e.problemType()).isEqualTo(ProblemType.INVALID_QUERY_PARAMETER);
                    assertThat(e.getMessage()).isEqualTo("Parameter 2 is not a valid date: 2024-13-01");
                });
        assertThatThrownBy(() -> SqlParameters.bind("SELECT ?", List.of(json("[1, 2]"))))
                .hasMessageContaining("Parameter 1 must be a string, number, boolean, null");
        assertThatThrownBy(() ->
                        SqlParameters.bind("SELECT ?", List.of(json("{\"type\": \"geometry\", \"value\": \"x\"}"))))
                .hasMessageContaining("unknown type 'geometry'");
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}

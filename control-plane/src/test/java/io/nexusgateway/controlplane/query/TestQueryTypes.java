package io.nexusgateway.controlplane.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.testing.db.TestDatabases;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every common column type of MariaDB and PostgreSQL, read through Trino and the REST API: the documented portable
 * {@code type}, Trino's {@code trinoType}, and the exact value (then SQL NULL in the same column).
 */
final class TestQueryTypes extends NexusIntegrationTest {
    @Test
    void testMariaDbTypesRoundTrip() throws Exception {
        try (QueryFixture maria = QueryFixture.register(
                api(), TestDatabases.mariadb().createDatabase("nexus_types"), "mariadb", Map.of())) {
            maria.seed(
                    "CREATE TABLE types (id INT PRIMARY KEY, c_tinyint TINYINT, c_smallint SMALLINT, c_int INT,"
                            + " c_bigint BIGINT, c_bigint_small BIGINT, c_decimal DECIMAL(38,10), c_float FLOAT,"
                            + " c_double DOUBLE, c_char CHAR(5), c_varchar VARCHAR(50), c_text TEXT, c_date DATE,"
                            + " c_time TIME(6), c_datetime DATETIME(6), c_timestamp TIMESTAMP(6) NULL, c_bool BOOLEAN,"
                            + " c_varbinary VARBINARY(16), c_blob BLOB, c_json JSON, c_uuid CHAR(36))",
                    "INSERT INTO types VALUES (1, -128, -32768, -2147483648, 9007199254740993, 42,"
                            + " 1234567890123456789012345678.0123456789, 1.5, 3.141592653589793, 'ab', 'héllo ✓',"
                            + " 'long text', '2024-02-29', '23:59:59.123456', '2024-02-29 12:34:56.123456',"
                            + " '2024-02-29 12:34:56.123456', TRUE, X'DEADBEEF', X'00FF', '{\"a\": [1, 2]}',"
                            + " '123e4567-e89b-12d3-a456-426614174000')",
                    "INSERT INTO types (id) VALUES (2)");

            Map<String, String[]> expected = new LinkedHashMap<>();
            expected.put("c_tinyint", new String[] {"integer", "tinyint", "-128"});
            expected.put("c_smallint", new String[] {"integer", "smallint", "-32768"});
            expected.put("c_int", new String[] {"integer", "integer", "-2147483648"});
            // beyond 2^53: a string, so no JSON parser rounds it
            expected.put("c_bigint", new String[] {"bigint", "bigint", "\"9007199254740993\""});
            expected.put("c_bigint_small", new String[] {"bigint", "bigint", "42"});
            expected.put(
                    "c_decimal",
                    new String[] {"decimal", "decimal(38,10)", "\"1234567890123456789012345678.0123456789\""});
            expected.put("c_float", new String[] {"double", "real", "1.5"});
            expected.put("c_double", new String[] {"double", "double", "3.141592653589793"});
            expected.put("c_char", new String[] {"string", "char(5)", "\"ab   \""});
            expected.put("c_varchar", new String[] {"string", "varchar(50)", "\"héllo ✓\""});
            expected.put("c_text", new String[] {"string", "varchar(65535)", "\"long text\""});
            expected.put("c_date", new String[] {"date", "date", "\"2024-02-29\""});
            expected.put("c_time", new String[] {"time", "time(6)", "\"23:59:59.123456\""});
            expected.put("c_datetime", new String[] {"timestamp", "timestamp(6)", "\"2024-02-29T12:34:56.123456\""});
            expected.put("c_timestamp", new String[] {"timestamp", "timestamp(6)", "\"2024-02-29T12:34:56.123456\""});
            // MariaDB's BOOLEAN is TINYINT(1), and Trino reads it as such
            expected.put("c_bool", new String[] {"integer", "tinyint", "1"});
            expected.put("c_varbinary", new String[] {"binary", "varbinary", "\"3q2+7w==\""});
            expected.put("c_blob", new String[] {"binary", "varbinary", "\"AP8=\""});
            // MariaDB's JSON is LONGTEXT with a check: a string in Trino
            expected.put("c_json", new String[] {"string", "varchar", "\"{\\\"a\\\": [1, 2]}\""});
            expected.put("c_uuid", new String[] {"string", "char(36)", "\"123e4567-e89b-12d3-a456-426614174000\""});
            assertRoundTrip(maria.id(), expected);
        }
    }

    @Test
    void testPostgresqlTypesRoundTrip() throws Exception {
        try (QueryFixture postgres = QueryFixture.register(
                api(),
                TestDatabases.postgresql().createDatabase("nexus_types"),
                "postgresql",
                Map.of("postgresql.array-mapping", "AS_ARRAY"))) {
            postgres.seed(
                    "CREATE TABLE types (id INT PRIMARY KEY, c_smallint SMALLINT, c_int INTEGER, c_bigint BIGINT,"
                            + " c_numeric NUMERIC(38,10), c_real REAL, c_double DOUBLE PRECISION, c_char CHAR(5),"
                            + " c_varchar VARCHAR(50), c_text TEXT, c_date DATE, c_time TIME(6), c_timestamp TIMESTAMP(6),"
                            + " c_timestamptz TIMESTAMPTZ(6), c_bool BOOLEAN, c_bytea BYTEA, c_json JSON, c_jsonb JSONB,"
                            + " c_uuid UUID, c_int_array INTEGER[], c_text_array TEXT[])",
                    "INSERT INTO types VALUES (1, -32768, -2147483648, -9223372036854775808,"
                            + " -1234567890123456789012345678.0123456789, 1.1, 2.718281828459045, 'ab', 'héllo ✓', 'text',"
                            + " '0001-01-01', '00:00:00.000001', '1999-12-31 23:59:59.999999',"
                            + " '2024-06-30 22:00:00.123456+02', FALSE, '\\xDEADBEEF', '{\"a\": 1}', '{\"b\": [true, null]}',"
                            + " '123e4567-e89b-12d3-a456-426614174000', '{1, NULL, 3}', '{\"x\", \"y, z\"}')",
                    "INSERT INTO types (id) VALUES (2)");

            Map<String, String[]> expected = new LinkedHashMap<>();
            expected.put("c_smallint", new String[] {"integer", "smallint", "-32768"});
            expected.put("c_int", new String[] {"integer", "integer", "-2147483648"});
            expected.put("c_bigint", new String[] {"bigint", "bigint", "\"-9223372036854775808\""});
            expected.put(
                    "c_numeric",
                    new String[] {"decimal", "decimal(38,10)", "\"-1234567890123456789012345678.0123456789\""});
            // a real keeps its own shortest decimal form, not the double widening's 1.100000023841858
            expected.put("c_real", new String[] {"double", "real", "1.1"});
            expected.put("c_double", new String[] {"double", "double", "2.718281828459045"});
            expected.put("c_char", new String[] {"string", "char(5)", "\"ab   \""});
            expected.put("c_varchar", new String[] {"string", "varchar(50)", "\"héllo ✓\""});
            expected.put("c_text", new String[] {"string", "varchar", "\"text\""});
            expected.put("c_date", new String[] {"date", "date", "\"0001-01-01\""});
            expected.put("c_time", new String[] {"time", "time(6)", "\"00:00:00.000001\""});
            expected.put("c_timestamp", new String[] {"timestamp", "timestamp(6)", "\"1999-12-31T23:59:59.999999\""});
            // an instant; PostgreSQL keeps no zone, so it comes back in UTC (the query API's session zone)
            expected.put(
                    "c_timestamptz",
                    new String[] {"timestamp_tz", "timestamp(6) with time zone", "\"2024-06-30T20:00:00.123456Z\""});
            expected.put("c_bool", new String[] {"boolean", "boolean", "false"});
            expected.put("c_bytea", new String[] {"binary", "varbinary", "\"3q2+7w==\""});
            expected.put("c_json", new String[] {"json", "json", "\"{\\\"a\\\":1}\""});
            expected.put("c_jsonb", new String[] {"json", "json", "\"{\\\"b\\\":[true,null]}\""});
            expected.put("c_uuid", new String[] {"uuid", "uuid", "\"123e4567-e89b-12d3-a456-426614174000\""});
            expected.put("c_int_array", new String[] {"array", "array(integer)", "[1,null,3]"});
            expected.put("c_text_array", new String[] {"array", "array(varchar)", "[\"x\",\"y, z\"]"});
            assertRoundTrip(postgres.id(), expected);
        }
    }

    @Test
    void testTrinoTypesWithoutSource() {
        Response response = api().post(
                        "/api/v1/query",
                        Map.of(
                                "sql",
                                "SELECT MAP(ARRAY['k1', 'k2'], ARRAY[1, NULL]) AS m,"
                                        + " CAST(ROW(1, 'a') AS ROW(n INTEGER, s VARCHAR)) AS r,"
                                        + " INTERVAL '3' DAY AS d, INTERVAL '2' MONTH AS ym,"
                                        + " TIMESTAMP '2024-01-01 10:00:00.123456789012 Europe/Berlin' AS tz,"
                                        + " TIME '10:00:00.5 +01:00' AS ttz, nan() AS nan, infinity() AS inf,"
                                        + " NULL AS nothing, IPADDRESS '10.0.0.1' AS ip, CAST(1.0E300 AS DOUBLE) AS big"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode data = response.json().get("data");
        assertThat(types(data))
                .isEqualTo(
                        "m:map:map(varchar(2),integer) r:struct:row(n integer,s varchar) d:interval:interval day to second"
                                + " ym:interval:interval year to month tz:timestamp_tz:timestamp(12) with time zone"
                                + " ttz:time_tz:time(1) with time zone nan:double:double inf:double:double nothing:other:unknown"
                                + " ip:other:ipaddress big:double:double");
        assertThat(data.get("rows").get(0).toString())
                .isEqualTo("[{\"k1\":1,\"k2\":null},{\"n\":1,\"s\":\"a\"},\"3 00:00:00.000\",\"0-2\","
                        + "\"2024-01-01T10:00:00.123456789012+01:00\",\"10:00:00.5+01:00\",\"NaN\",\"Infinity\",null,"
                        + "\"10.0.0.1\",1.0E300]");
    }

    private static void assertRoundTrip(String dataSourceId, Map<String, String[]> expected) {
        Response response = api().post(
                        "/api/v1/query",
                        Map.of(
                                "dataSourceId",
                                dataSourceId,
                                "sql",
                                "SELECT " + String.join(", ", expected.keySet()) + " FROM types ORDER BY id"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode data = response.json().get("data");
        JsonNode columns = data.get("columns");
        JsonNode values = data.get("rows").get(0);
        JsonNode nulls = data.get("rows").get(1);
        int index = 0;
        for (Map.Entry<String, String[]> column : expected.entrySet()) {
            String name = column.getKey();
            assertThat(columns.get(index).get("name").asString()).isEqualTo(name);
            assertThat(columns.get(index).get("type").asString()).as(name).isEqualTo(column.getValue()[0]);
            assertThat(columns.get(index).get("trinoType").asString()).as(name).isEqualTo(column.getValue()[1]);
            assertThat(values.get(index).toString()).as(name).isEqualTo(column.getValue()[2]);
            assertThat(nulls.get(index).isNull()).as(name + " NULL").isTrue();
            index++;
        }
    }

    private static String types(JsonNode data) {
        StringBuilder text = new StringBuilder();
        for (JsonNode column : data.get("columns")) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(column.get("name").asString())
                    .append(':')
                    .append(column.get("type").asString())
                    .append(':')
                    .append(column.get("trinoType").asString());
        }
        return text.toString();
    }
}

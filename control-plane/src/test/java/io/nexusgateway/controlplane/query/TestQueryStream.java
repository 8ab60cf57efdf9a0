package io.nexusgateway.controlplane.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/** {@code POST /api/v1/query/stream}: every row, as NDJSON or CSV, checked against Trino's own aggregates. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TestQueryStream extends NexusIntegrationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private QueryFixture tpch;

    @BeforeAll
    void registerTpch() {
        tpch = QueryFixture.registerTpch(api());
    }

    @AfterAll
    void removeTpch() {
        tpch.close();
    }

    /** count, sum(orderkey), sum(quantity), sum(length(comment)) of tiny.lineitem, as Trino computes them. */
    private Checksum trinoChecksum() throws Exception {
        try (Connection connection = trinoConnection();
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(
                        "SELECT count(*), sum(orderkey), sum(quantity), sum(length(comment)) FROM " + tpch.catalog()
                                + ".tiny.lineitem")) {
            assertThat(resultSet.next()).isTrue();
            return new Checksum(
                    resultSet.getLong(1),
                    resultSet.getLong(2),
                    BigDecimal.valueOf(resultSet.getDouble(3)),
                    resultSet.getLong(4));
        }
    }

    record Checksum(long count, long orderKeys, BigDecimal quantity, long commentLength) {
        Checksum add(long orderKey, BigDecimal rowQuantity, String comment) {
            return new Checksum(
                    count + 1, orderKeys + orderKey, quantity.add(rowQuantity), commentLength + comment.length());
        }
    }

    private static final Checksum ZERO = new Checksum(0, 0, BigDecimal.ZERO, 0);

    @Test
    void testNdjsonStreamsEveryRowWithHeaderAndSummary() throws Exception {
        HttpResponse<InputStream> response =
                stream("SELECT orderkey, quantity, comment FROM tiny.lineitem", "application/x-ndjson", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");

        Checksum sum = ZERO;
        JsonNode header;
        JsonNode last = null;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            header = JSON.readTree(reader.readLine());
            String line;
            while ((line = reader.readLine()) != null) {
                JsonNode node = JSON.readTree(line);
                if (node.isArray()) {
                    sum = sum.add(
                            node.get(0).asLong(),
                            node.get(1).decimalValue(),
                            node.get(2).asString());
                } else {
                    last = node;
                }
            }
        }
        assertThat(header.get("columns").toString())
                .isEqualTo(
                        "[{\"name\":\"orderkey\",\"type\":\"bigint\",\"trinoType\":\"bigint\",\"nullable\":true},"
                                + "{\"name\":\"quantity\",\"type\":\"double\",\"trinoType\":\"double\",\"nullable\":true},"
                                + "{\"name\":\"comment\",\"type\":\"string\",\"trinoType\":\"varchar(44)\",\"nullable\":true}]");
        assertThat(header.get("metadata").get("queryId").asString())
                .isEqualTo(response.headers().firstValue("X-Trino-Query-Id").orElseThrow());
        assertThat(header.get("metadata").get("catalogs").toString()).isEqualTo("[\"" + tpch.catalog() + "\"]");
        Checksum expected = trinoChecksum();
        assertThat(sum).isEqualTo(expected);
        assertThat(last).isNotNull();
        assertThat(last.get("summary").get("rowCount").asLong()).isEqualTo(expected.count());
        assertThat(last.get("summary").get("executionTimeMs").asLong()).isNotNegative();
    }

    @Test
    void testCsvStreamsEveryRowWithAHeaderRow() throws Exception {
        HttpResponse<InputStream> response =
                stream("SELECT orderkey, quantity, comment FROM tiny.lineitem", "text/csv", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");

        Checksum sum = ZERO;
        List<String> header;
        try (MappingIterator<List<String>> rows = CsvMapper.builder()
                .enable(CsvReadFeature.WRAP_AS_ARRAY)
                .build()
                .readerForListOf(String.class)
                .readValues(response.body())) {
            header = rows.next();
            while (rows.hasNext()) {
                List<String> row = rows.next();
                sum = sum.add(Long.parseLong(row.get(0)), new BigDecimal(row.get(1)), row.get(2));
            }
        }
        assertThat(header).containsExactly("orderkey", "quantity", "comment");
        assertThat(sum).isEqualTo(trinoChecksum());
    }

    @Test
    void testCsvWritesNullAsAnEmptyFieldAndNestedValuesAsJson() throws Exception {
        HttpResponse<InputStream> response = stream(
                "SELECT * FROM (VALUES (1, CAST(NULL AS VARCHAR), '', ARRAY[1, 2]), (2, 'a,\"b\"', 'x', NULL))"
                        + " AS t(id, s, e, a) ORDER BY id",
                "text/csv",
                Map.of());
        String csv = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(csv).isEqualTo("id,s,e,a\n1,,\"\",\"[1,2]\"\n2,\"a,\"\"b\"\"\",x,\n");
    }

    @Test
    void testErrorBeforeTheFirstRowIsAProblem() throws Exception {
        for (String accept : List.of("application/x-ndjson", "text/csv")) {
            HttpResponse<InputStream> response = stream("SELECT * FROM tiny.no_such_table", accept, Map.of());
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("code").asString()).isEqualTo("TABLE_NOT_FOUND");
            assertThat(problem.get("queryId").asString()).isNotBlank();
        }
        HttpResponse<InputStream> paged = stream("SELECT 1", "application/x-ndjson", Map.of("limit", 10));
        assertThat(paged.statusCode()).isEqualTo(400);
    }

    @Test
    void testFailureMidStreamEndsNdjsonWithAnErrorLine() throws Exception {
        HttpResponse<InputStream> response =
                stream("SELECT * FROM sf1.lineitem", "application/x-ndjson", Map.of("timeoutMs", 6000));
        assertThat(response.statusCode()).isEqualTo(200);
        QueryFixture.Ndjson stream = QueryFixture.Ndjson.read(response);
        long rows = stream.rows();
        JsonNode last = stream.last();
        assertThat(rows).isPositive().isLessThan(6_001_215);
        assertThat(last).isNotNull();
        assertThat(last.has("summary")).isFalse();
        JsonNode error = last.get("error");
        assertThat(error.get("code").asString()).isEqualTo("QUERY_TIMEOUT");
        assertThat(error.get("rowCount").asLong()).isEqualTo(rows);
        assertThat(error.get("correlationId").asString()).isNotBlank();
    }

    @Test
    void testFailureMidStreamAbortsCsv() throws Exception {
        HttpResponse<InputStream> response =
                stream("SELECT * FROM sf1.lineitem", "text/csv", Map.of("timeoutMs", 6000));
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body = response.body()) {
            assertThatThrownBy(() -> body.transferTo(java.io.OutputStream.nullOutputStream()))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void testClientThatGoesAwayCancelsTheTrinoQuery() throws Exception {
        // a raw socket: a client that reads the start of a large stream, then vanishes (Java's HttpClient would
        // keep the connection and drain the body)
        String body = JSON.writeValueAsString(Map.of("dataSourceId", tpch.id(), "sql", "SELECT * FROM sf1.lineitem"));
        String queryId;
        try (Socket socket = new Socket("127.0.0.1", trino().controlPlanePort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/query/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ADMIN_KEY
                            + "\r\nContent-Type: application/json\r\nAccept: application/x-ndjson\r\nContent-Length: "
                            + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            String header = null;
            while ((line = reader.readLine()) != null && !line.isEmpty()) {
                if (line.regionMatches(true, 0, "X-Trino-Query-Id:", 0, 17)) {
                    header = line.substring(17).strip();
                }
            }
            assertThat(header).isNotNull();
            queryId = header;
            for (int i = 0; i < 1000; i++) {
                assertThat(reader.readLine()).isNotNull();
            }
        }
        assertThat(TestQueryApi.awaitQueryState(queryId, Duration.ofSeconds(60)))
                .isEqualTo("FAILED");
    }

    private HttpResponse<InputStream> stream(String sql, String accept, Map<String, Object> extra) throws Exception {
        return tpch.stream(sql, accept, extra);
    }
}

package io.nexusgateway.controlplane.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.datasource.DatasourceService;
import io.nexusgateway.controlplane.support.Identities;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.controlplane.trino.TrinoAccess;
import io.nexusgateway.controlplane.trino.client.TrinoQuery;
import io.nexusgateway.controlplane.trino.client.TrinoQueryClient;
import io.nexusgateway.testing.Await;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvWriteFeature;

/**
 * Streams that copy spooled segments' JSON ({@code nexus.query.spooling.pass-through}, the default) write exactly the
 * bytes of streams that decode every value and encode it again: the same query through both, against the real Trino,
 * for every scalar type the copy handles, including the values it rewrites (bigints beyond 2^53, reals, timestamps,
 * NaN, escapes, non-ASCII), in NDJSON and CSV.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TestStreamPassThrough extends NexusIntegrationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvWriteFeature.ALWAYS_QUOTE_EMPTY_STRINGS)
            .build();

    // 60k rows of tiny (sf0.01) lineitem: several spooled segments; ORDER BY, so both runs see the same row order
    private static final String SCALARS = "SELECT orderkey, linenumber, orderkey * 1000000000000 AS big,"
            + " -orderkey * 1000000000000 AS negative_big, orderkey * 1000 AS small_big,"
            + " CAST(quantity AS REAL) / 7 AS r, CAST(orderkey * 1e30 AS REAL) AS big_real, extendedprice / 3 AS d,"
            + " IF(linenumber = 3, nan(), IF(linenumber = 4, infinity(), IF(linenumber = 5, -infinity(),"
            + " extendedprice * 1e-9))) AS special,"
            + " comment || '\"\\' || chr(10) || chr(9) || 'é✓😀' AS s, returnflag = 'R' AS flag,"
            + " CAST(discount AS DECIMAL(12, 4)) AS dec, shipdate, from_unixtime(orderkey) AS ts_tz,"
            + " CAST(from_unixtime(orderkey) AS TIMESTAMP(6)) AS ts,"
            + " with_timezone(CAST(from_unixtime(orderkey) AS TIMESTAMP(3)), 'Europe/Berlin') AS ts_zone,"
            + " TIME '10:00:00.5 +01:00' AS ttz, INTERVAL '3' DAY AS ds, INTERVAL '2' MONTH AS ym,"
            + " to_utf8(comment) AS bin, json_parse('{\"n\":' || CAST(linenumber AS VARCHAR) || '}') AS j,"
            + " CAST(tax AS VARCHAR) AS text_tax, CAST(linenumber AS TINYINT) AS tiny, NULL AS nothing,"
            + " IF(linenumber = 1, NULL, shipmode) AS maybe"
            + " FROM tiny.lineitem ORDER BY orderkey, linenumber";

    // a nested type: decoded, not copied, in either configuration
    private static final String NESTED = "SELECT orderkey, ARRAY[linenumber, NULL] AS a,"
            + " CAST(ROW(linenumber, comment) AS ROW(n INTEGER, c VARCHAR)) AS r"
            + " FROM tiny.lineitem ORDER BY orderkey, linenumber";

    @Autowired
    private TrinoAccess trinoAccess;

    @Autowired
    private DatasourceService datasources;

    @Autowired
    private NexusProperties properties;

    private QueryFixture tpch;
    private TrinoQueryClient copying;
    private TrinoQueryClient decoding;

    @BeforeAll
    void setUp() throws Exception {
        assertThat(trino().spooling()).as("the suite runs with spooling on").isTrue();
        Identities.ensureUser(api(), TEST_USER, "admin");
        tpch = QueryFixture.registerTpch(api());
        copying = client(true);
        decoding = client(false);
        awaitCatalog();
    }

    @AfterAll
    void tearDown() {
        copying.close();
        decoding.close();
        tpch.close();
    }

    @Test
    void testCopiedNdjsonIsTheDecodedNdjson() throws Exception {
        assertCopied(SCALARS, true);
        List<String> copied = rowLines(ndjson(copying, SCALARS));
        List<String> decoded = rowLines(ndjson(decoding, SCALARS));
        assertThat(copied).hasSize(60_175);
        assertThat(copied).isEqualTo(decoded);
        // the rewritten values look as documented
        assertThat(copied.getFirst())
                .startsWith("[1,1,1000000000000,-1000000000000,1000,")
                .contains(",\"1970-01-01T00:00:01.000Z\",\"1970-01-01T00:00:01.000000\",");
        // beyond 2^53: a string
        assertThat(copied)
                .anySatisfy(line -> assertThat(line).startsWith("[9028,1,\"9028000000000000\",\"-9028000000000000\","));
        assertThat(copied).anySatisfy(line -> assertThat(line).contains(",\"NaN\","));
        assertThat(copied).anySatisfy(line -> assertThat(line).contains(",\"-Infinity\","));
    }

    @Test
    void testCopiedCsvIsTheDecodedCsv() throws Exception {
        assertCopied(SCALARS, true);
        String copied = csv(copying, SCALARS);
        String decoded = csv(decoding, SCALARS);
        assertThat(copied.lines().count()).isGreaterThan(60_175);
        assertThat(copied).isEqualTo(decoded);
    }

    @Test
    void testNestedTypesAreDecoded() throws Exception {
        assertCopied(NESTED, false);
        List<String> copied = rowLines(ndjson(copying, NESTED));
        assertThat(copied).hasSize(60_175).isEqualTo(rowLines(ndjson(decoding, NESTED)));
        assertThat(copied.getFirst()).isEqualTo("[1,[1,null],{\"n\":1,\"c\":\"egular courts above the\"}]");
    }

    // whether the first page of the copying client's stream is a segment's JSON (copied) or decoded rows
    private void assertCopied(String sql, boolean expected) {
        try (TrinoQuery query =
                copying.start(sql, TEST_USER, tpch.catalog(), null, "req_test", Duration.ofMinutes(2), true)) {
            query.columns();
            TrinoQuery.Batch batch = query.nextBatch();
            assertThat(batch.isEmpty()).isFalse();
            assertThat(batch.json() != null).as("copied: " + sql).isEqualTo(expected);
        }
    }

    private TrinoQueryClient client(boolean passThrough) {
        NexusProperties.Query query = properties.query();
        return new TrinoQueryClient(
                trinoAccess,
                query.prefetchPages(),
                // small pages: many page boundaries inside each segment
                1000,
                4,
                "json+zstd",
                passThrough,
                query.spooling().initialSegmentSize(),
                query.spooling().maxSegmentSize(),
                Duration.ofSeconds(30),
                Clock.systemUTC());
    }

    private String ndjson(TrinoQueryClient client, String sql) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (QueryStream stream = service(client).stream(request(sql), TEST_USER, "req_test")) {
            stream.writeNdjson(out, JSON, "req_test");
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private String csv(TrinoQueryClient client, String sql) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (QueryStream stream = service(client).stream(request(sql), TEST_USER, "req_test")) {
            stream.writeCsv(out, CSV);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private QueryService service(TrinoQueryClient client) {
        return new QueryService(datasources, client, properties.query());
    }

    private QueryRequest request(String sql) {
        return new QueryRequest(UUID.fromString(tpch.id()), sql, null, null, null, null, null);
    }

    // the header and summary lines carry the query id and timing: compare the rows
    private static List<String> rowLines(String ndjson) {
        List<String> lines = Arrays.asList(ndjson.split("\n"));
        assertThat(lines.getFirst()).startsWith("{\"columns\":");
        assertThat(lines.getLast()).startsWith("{\"summary\":");
        return lines.subList(1, lines.size() - 1);
    }

    private void awaitCatalog() throws Exception {
        Await.until("catalog " + tpch.catalog() + " appears in Trino", Duration.ofSeconds(60), () -> {
            try {
                rowLines(ndjson(copying, "SELECT count(*) FROM tiny.nation"));
                return true;
            } catch (Exception | AssertionError e) {
                return false;
            }
        });
    }
}

package io.nexusgateway.controlplane.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.controlplane.trino.client.TrinoQueryClient;
import io.nexusgateway.testing.Await;
import io.nexusgateway.trino.runtime.SpoolStore;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Large results through Trino's spooling protocol (on in the shared Trino, as in production): every row arrives, the
 * segments are deleted once read, and an unavailable spool store gives a complete result or a clear 503, never a hang
 * or a short stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TestQuerySpooling extends NexusIntegrationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String LARGE = "SELECT * FROM sf1.lineitem LIMIT 300000";

    @Autowired
    private TrinoQueryClient queries;

    private QueryFixture tpch;

    @BeforeAll
    void registerTpch() {
        assertThat(trino().spooling()).as("the suite runs with spooling on").isTrue();
        tpch = QueryFixture.registerTpch(api());
    }

    @AfterAll
    void removeTpch() {
        trino().startSpoolStore();
        tpch.close();
    }

    @Test
    void testLargeStreamIsSpooledAndItsSegmentsDeletedOnceRead() throws Exception {
        awaitSpooling();
        Path bucket = trino().spoolBucketDir();
        java.util.Set<Path> before = segments(bucket);
        // what the spool store holds while the stream runs, sampled beside it
        java.util.concurrent.atomic.AtomicLong spooledBytesSeen = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (!done.get()) {
                spooledBytesSeen.accumulateAndGet(SpoolStore.bytesOnDisk(bucket), Math::max);
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            }
        });
        QueryFixture.Ndjson outcome;
        try {
            outcome = QueryFixture.Ndjson.read(stream(LARGE, Map.of()));
        } finally {
            done.set(true);
            sampler.join();
        }
        assertThat(outcome.rows()).isEqualTo(300_000);
        assertThat(outcome.last().get("summary").get("rowCount").asLong()).isEqualTo(300_000);
        assertThat(spooledBytesSeen.get())
                .as("segments went through the spool store")
                .isPositive();
        // each segment is acknowledged once read, and Trino deletes it at once
        awaitNoSegmentsBut(bucket, before, Duration.ofSeconds(30));
    }

    @Test
    void testCanceledStreamLeavesNoSegment() throws Exception {
        awaitSpooling();
        Path bucket = trino().spoolBucketDir();
        java.util.Set<Path> before = segments(bucket);
        HttpResponse<InputStream> response = stream("SELECT * FROM sf1.lineitem", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (int i = 0; i < 100_000; i++) {
                assertThat(reader.readLine()).isNotNull();
            }
        }
        String queryId = response.headers().firstValue("X-Trino-Query-Id").orElseThrow();
        assertThat(TestQueryApi.awaitQueryState(queryId, Duration.ofSeconds(60)))
                .isEqualTo("FAILED");
        // the segments handed to the control plane are acknowledged when it closes the query; those Trino wrote but
        // had not announced yet go with the failed query (module trino-spooling-plugin), not at the TTL
        awaitNoSegmentsBut(bucket, before, Duration.ofSeconds(30));
    }

    @Test
    void testQueryCutShortByItsRowLimitLeavesNoSegment() throws Exception {
        awaitSpooling();
        Path bucket = trino().spoolBucketDir();
        java.util.Set<Path> before = segments(bucket);
        for (int i = 0; i < 3; i++) {
            var response = api().post(
                            "/api/v1/query",
                            Map.of("dataSourceId", tpch.id(), "sql", "SELECT * FROM sf1.lineitem", "limit", 10_000));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            JsonNode metadata = response.json().get("data").get("metadata");
            assertThat(metadata.get("rowCount").asLong()).isEqualTo(10_000);
            assertThat(metadata.get("hasMore").asBoolean()).isTrue();
        }
        awaitNoSegmentsBut(bucket, before, Duration.ofSeconds(30));
    }

    @Test
    void testSpoolStoreDownFailsWithA503ThenQueriesUseTheDirectProtocol() throws Exception {
        awaitSpooling();
        trino().stopSpoolStore();
        try {
            assertOutageBehaviour();
        } finally {
            trino().startSpoolStore();
        }
        awaitSpooling();
        assertThat(QueryFixture.Ndjson.read(stream(LARGE, Map.of())).rows()).isEqualTo(300_000);
    }

    @Test
    void testSpoolStoreRefusingWritesFailsWithA503ThenQueriesUseTheDirectProtocol() throws Exception {
        awaitSpooling();
        // a store that refuses every write, as a full or misconfigured one does: its bucket is gone
        Path bucket = trino().spoolBucketDir();
        Path moved = bucket.resolveSibling("moved-away");
        Files.move(bucket, moved);
        try {
            assertOutageBehaviour();
        } finally {
            Files.move(moved, bucket);
        }
    }

    /**
     * The first large query after the store failed ends with a clear 503 (its first rows came inline, so the stream had
     * started: an NDJSON error line, never a short stream posing as complete); the next ones succeed in full over the
     * direct protocol until the fallback period is over.
     */
    private void assertOutageBehaviour() throws Exception {
        HttpResponse<InputStream> failed = stream(LARGE, Map.of());
        QueryFixture.Ndjson outcome = QueryFixture.Ndjson.read(failed);
        if (failed.statusCode() == 200) {
            assertThat(outcome.last().has("summary")).isFalse();
            JsonNode error = outcome.last().get("error");
            assertThat(error.get("code").asString()).isEqualTo("SPOOL_STORE_UNAVAILABLE");
            assertThat(error.get("status").asInt()).isEqualTo(503);
            assertThat(error.get("rowCount").asLong()).isEqualTo(outcome.rows());
            // the storage client's message (endpoint, bucket, key) stays inside
            assertThat(error.get("detail").asString()).doesNotContain("127.0.0.1", "bucket", "nexus-spool");
        } else {
            assertThat(failed.statusCode()).isEqualTo(503);
            assertThat(outcome.last().get("code").asString()).isEqualTo("SPOOL_STORE_UNAVAILABLE");
        }
        assertThat(queries.spooling())
                .as("the direct protocol while the store is out")
                .isFalse();

        QueryFixture.Ndjson direct = QueryFixture.Ndjson.read(stream(LARGE, Map.of()));
        assertThat(direct.rows()).isEqualTo(300_000);
        assertThat(direct.last().get("summary").get("rowCount").asLong()).isEqualTo(300_000);
    }

    /** The fallback period of an earlier outage is over: queries ask for spooled results again. */
    private void awaitSpooling() throws Exception {
        Await.until("queries ask for spooled results again", Duration.ofSeconds(60), queries::spooling);
    }

    private static java.util.Set<Path> segments(Path bucket) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(bucket)) {
            return files.collect(java.util.stream.Collectors.toSet());
        }
    }

    /** Waits until the bucket holds no segment but those in {@code before} (left by earlier tests). */
    private static void awaitNoSegmentsBut(Path bucket, java.util.Set<Path> before, Duration timeout) throws Exception {
        java.util.Set<Path> left = Await.until(
                "no segment of the stream in the spool store",
                timeout,
                () -> segmentsBut(bucket, before),
                java.util.Set::isEmpty);
        assertThat(left).as("segments of the stream still in the spool store").isEmpty();
    }

    private static java.util.Set<Path> segmentsBut(Path bucket, java.util.Set<Path> before) throws java.io.IOException {
        java.util.Set<Path> left = new java.util.HashSet<>(segments(bucket));
        left.removeAll(before);
        return left;
    }

    private HttpResponse<InputStream> stream(String sql, Map<String, Object> extra) throws Exception {
        return tpch.stream(sql, "application/x-ndjson", extra);
    }
}

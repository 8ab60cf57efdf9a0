package io.nexusgateway.trino.spooling;

import static org.assertj.core.api.Assertions.assertThat;

import io.trino.spi.QueryId;
import io.trino.spi.spool.SpooledSegmentHandle;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TestQuerySegments {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final QueryId QUERY = QueryId.valueOf("20261203_120000_00001_abcde");
    private static final QueryId OTHER = QueryId.valueOf("20261203_120000_00002_abcde");

    private final List<String> deleted = new ArrayList<>();
    private final QuerySegments segments = new QuerySegments(Clock.fixed(NOW, ZoneOffset.UTC));

    {
        segments.deleteWith(handle -> deleted.add(handle.identifier()));
    }

    @Test
    void testAFailedQueryHasItsUnacknowledgedSegmentsDeleted() {
        segments.created(QUERY, segment("a"));
        segments.created(QUERY, segment("b"));
        segments.created(QUERY, segment("c"));
        segments.created(OTHER, segment("x"));
        segments.acknowledged("b");

        segments.failed(QUERY);

        assertThat(deleted).containsExactlyInAnyOrder("a", "c");
        assertThat(segments.hasFailed(QUERY)).isTrue();
        assertThat(segments.hasFailed(OTHER)).isFalse();
        assertThat(segments.size()).as("the other query's segment").isEqualTo(1);
    }

    @Test
    void testASegmentCreatedAfterItsQueryFailedIsNotRemembered() {
        segments.failed(QUERY);

        segments.created(QUERY, segment("late"));

        assertThat(segments.size()).isZero();
    }

    @Test
    void testASucceededQueryForgetsItsSegmentsWithoutDeletingThem() {
        segments.created(QUERY, segment("a"));

        segments.succeeded(QUERY);
        segments.failed(QUERY);

        assertThat(deleted).isEmpty();
        assertThat(segments.size()).isZero();
    }

    @Test
    void testExpiredSegmentsAreForgottenSoAWorkerThatNeverHearsOfQueriesStaysBounded() {
        segments.created(QUERY, segment("old", NOW.minusSeconds(1)));
        for (int i = 1; i < 1_024; i++) {
            segments.created(OTHER, segment("new-" + i));
        }

        assertThat(segments.size()).isEqualTo(1_023);
        segments.failed(QUERY);
        assertThat(deleted).isEmpty();
    }

    @Test
    void testOnlyTheLastFailedQueriesAreRemembered() {
        for (int i = 0; i <= QuerySegments.FAILED_QUERIES_KEPT; i++) {
            segments.failed(QueryId.valueOf("q" + i));
        }

        assertThat(segments.hasFailed(QueryId.valueOf("q0"))).isFalse();
        assertThat(segments.hasFailed(QueryId.valueOf("q" + QuerySegments.FAILED_QUERIES_KEPT)))
                .isTrue();
    }

    private static SpooledSegmentHandle segment(String id) {
        return segment(id, NOW.plusSeconds(3600));
    }

    private static SpooledSegmentHandle segment(String id, Instant expiration) {
        return new SpooledSegmentHandle() {
            @Override
            public String identifier() {
                return id;
            }

            @Override
            public String encoding() {
                return "json";
            }

            @Override
            public Instant expirationTime() {
                return expiration;
            }
        };
    }
}

package io.nexusgateway.trino.spooling;

import static java.util.Objects.requireNonNull;

import io.trino.spi.QueryId;
import io.trino.spi.eventlistener.EventListener;
import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.spool.SpooledSegmentHandle;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The segments each running query has written and nobody has acknowledged yet. A query that ends well forgets them
 * (its client reads and acknowledges them, or the pruner expires them); a query that fails has them deleted, and is
 * remembered for a while so that a segment it was still writing goes too. It hears how queries end as the
 * {@code nexus-spooling-cleanup} event listener, on the coordinator.
 *
 * <p>Bounded: an entry lives until its query ends or its segments expire (a worker never hears of a query's end), and
 * only the last {@value #FAILED_QUERIES_KEPT} failed queries are remembered.
 */
final class QuerySegments implements EventListener {
    static final int FAILED_QUERIES_KEPT = 10_000;
    private static final int PRUNE_EVERY = 1_024;

    private final Clock clock;
    private final Map<QueryId, Map<String, SpooledSegmentHandle>> unacknowledged = new ConcurrentHashMap<>();
    private final Map<String, QueryId> queryOfSegment = new ConcurrentHashMap<>();
    private final Set<QueryId> failed = Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<QueryId, Boolean> eldest) {
            return size() > FAILED_QUERIES_KEPT;
        }
    }));
    private volatile Consumer<SpooledSegmentHandle> deleter = handle -> {};
    private final java.util.concurrent.atomic.AtomicInteger created = new java.util.concurrent.atomic.AtomicInteger();

    QuerySegments() {
        this(Clock.systemUTC());
    }

    QuerySegments(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** How a segment is deleted: the spooling manager's, set when Trino creates it. */
    void deleteWith(Consumer<SpooledSegmentHandle> deleter) {
        this.deleter = requireNonNull(deleter, "deleter is null");
    }

    void created(QueryId queryId, SpooledSegmentHandle segment) {
        if (failed.contains(queryId)) {
            // written after its query failed: deleted when its stream closes, nothing to remember
            return;
        }
        unacknowledged.computeIfAbsent(queryId, _ -> new ConcurrentHashMap<>()).put(segment.identifier(), segment);
        queryOfSegment.put(segment.identifier(), queryId);
        if (created.incrementAndGet() % PRUNE_EVERY == 0) {
            forgetExpired();
        }
    }

    void acknowledged(String segmentId) {
        QueryId queryId = queryOfSegment.remove(segmentId);
        if (queryId != null) {
            Map<String, SpooledSegmentHandle> segments = unacknowledged.get(queryId);
            if (segments != null) {
                segments.remove(segmentId);
            }
        }
    }

    @Override
    public void queryCompleted(QueryCompletedEvent event) {
        QueryId queryId = QueryId.valueOf(event.getMetadata().getQueryId());
        if (event.getFailureInfo().isPresent()) {
            failed(queryId);
        } else {
            succeeded(queryId);
        }
    }

    /** The query ended well: its client has been told of every segment. */
    void succeeded(QueryId queryId) {
        forget(queryId);
    }

    /** The query failed or was canceled: nobody will read its segments. */
    void failed(QueryId queryId) {
        failed.add(queryId);
        List<SpooledSegmentHandle> left = forget(queryId);
        if (!left.isEmpty()) {
            System.getLogger(QuerySegments.class.getName())
                    .log(
                            System.Logger.Level.INFO,
                            // formatted here: Trino's logging prints {0}-style placeholders as they are
                            "deleting %d unacknowledged segment(s) of failed query %s".formatted(left.size(), queryId));
        }
        left.forEach(deleter);
    }

    boolean hasFailed(QueryId queryId) {
        return failed.contains(queryId);
    }

    /** How many segments are recorded, for tests. */
    int size() {
        return queryOfSegment.size();
    }

    private List<SpooledSegmentHandle> forget(QueryId queryId) {
        Map<String, SpooledSegmentHandle> segments = unacknowledged.remove(queryId);
        if (segments == null) {
            return List.of();
        }
        segments.keySet().forEach(queryOfSegment::remove);
        return new ArrayList<>(segments.values());
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        unacknowledged.values().forEach(segments -> segments.values().removeIf(segment -> {
            boolean expired = segment.expirationTime().isBefore(now);
            if (expired) {
                queryOfSegment.remove(segment.identifier());
            }
            return expired;
        }));
        unacknowledged.values().removeIf(Map::isEmpty);
    }
}

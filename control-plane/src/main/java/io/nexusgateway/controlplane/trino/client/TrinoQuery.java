package io.nexusgateway.controlplane.trino.client;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.result.ColumnType;
import io.nexusgateway.controlplane.result.JsonRowWriter;
import io.nexusgateway.controlplane.result.JsonRows;
import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import io.trino.client.Column;
import io.trino.client.QueryData;
import io.trino.client.QueryStatusInfo;
import io.trino.client.ResultRows;
import io.trino.client.StatementClient;
import io.trino.client.spooling.DataAttribute;
import io.trino.client.spooling.EncodedQueryData;
import io.trino.client.spooling.InlineSegment;
import io.trino.client.spooling.Segment;
import io.trino.client.spooling.SegmentLoader;
import io.trino.client.spooling.SpooledSegment;
import io.trino.client.spooling.encoding.DecompressionUtils;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One running Trino query. A virtual thread follows Trino's {@code nextUri} chain and hands pages of rows to the
 * consumer through a small bounded queue, so fetching the next page overlaps encoding this one while memory stays at
 * {@code prefetchPages} pages of at most {@code pageRows} rows whatever the result's size. With the spooling protocol one
 * Trino response can name many segments: they are downloaded and decoded one at a time as the queue drains, and each is
 * acknowledged (deleted by Trino) once read. {@link #close()} cancels the query in Trino if it still runs.
 *
 * <p>With {@code passThrough} (streams) and columns {@link JsonRowWriter} can copy, a spooled segment is not decoded:
 * its JSON bytes are cut into pages of rows ({@link JsonRows}) for the writer to copy. While the consumer writes one
 * segment's pages the fetcher downloads the next.
 */
public final class TrinoQuery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrinoQuery.class);
    private static final Page END = new Page(List.of(), null, null);

    private final StatementClient client;
    private final @Nullable SegmentLoader segments;
    private final int pageRows;
    private final Runnable onSpoolingFailure;
    private final BlockingQueue<Page> pages;
    private final CompletableFuture<List<Column>> columns = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread fetcher;
    private volatile boolean timedOut;
    private volatile @Nullable Future<?> deadline;
    private volatile @Nullable QueryStatusInfo finalStatus;

    /** A batch of decoded rows or of a segment's JSON rows, or (both empty, failure set) the end with an error. */
    private record Page(
            List<List<Object>> rows,
            @Nullable JsonRows json,
            @Nullable RuntimeException failure) {}

    /** Rows as decoded values ({@code json} null) or as the JSON bytes of a spooled segment. */
    public record Batch(List<List<Object>> rows, @Nullable JsonRows json) {
        static final Batch EMPTY = new Batch(List.of(), null);

        public boolean isEmpty() {
            return json == null && rows.isEmpty();
        }

        public int size() {
            return json == null ? rows.size() : json.count();
        }
    }

    /**
     * @param segments downloads segments for pass-through, or null to have every row decoded
     * @param onSpoolingFailure told when the result could not be spooled or a spooled segment not read
     */
    TrinoQuery(
            StatementClient client,
            @Nullable SegmentLoader segments,
            int prefetchPages,
            int pageRows,
            Runnable onSpoolingFailure) {
        this.client = requireNonNull(client, "client is null");
        this.segments = segments;
        this.pageRows = pageRows;
        this.onSpoolingFailure = requireNonNull(onSpoolingFailure, "onSpoolingFailure is null");
        this.pages = new ArrayBlockingQueue<>(prefetchPages + 1);
        // the fetcher logs for the request that started it: carry its correlation id along
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        this.fetcher = Thread.ofVirtual().name("trino-fetch-" + queryIdOrNew()).unstarted(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            fetch();
        });
        fetcher.start();
    }

    public String queryId() {
        return client.currentStatusInfo().getId();
    }

    private String queryIdOrNew() {
        QueryStatusInfo status = client.currentStatusInfo();
        return status == null ? "new" : status.getId();
    }

    /** Waits until Trino knows the result's columns (an error before any row surfaces here); empty for statements with no result. */
    public List<Column> columns() {
        try {
            return columns.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new NexusException(ProblemType.INTERNAL_ERROR, "Interrupted while waiting for Trino");
        }
    }

    /**
     * The next page of decoded rows (a row value as the list of its fields, see {@link TrinoTypes#neutral}); an empty
     * list at the end. Throws what ended the query if it failed.
     */
    public List<List<Object>> nextPage() {
        Batch batch = nextBatch();
        if (batch.json() != null) {
            throw new IllegalStateException("a pass-through query's rows are read with nextBatch()");
        }
        return batch.rows();
    }

    /** The next page of rows, decoded or as JSON; empty at the end. Throws what ended the query if it failed. */
    public Batch nextBatch() {
        if (closed.get() && pages.isEmpty()) {
            throw closedFailure();
        }
        Page page;
        try {
            page = pages.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new NexusException(ProblemType.INTERNAL_ERROR, "Interrupted while reading from Trino");
        }
        if (page == END) {
            pages.offer(END);
            return Batch.EMPTY;
        }
        if (page.failure() != null) {
            pages.offer(page);
            throw page.failure();
        }
        return new Batch(page.rows(), page.json());
    }

    /** Trino's final state once the last page was read (row counts, timing), if it got that far. */
    @Nullable
    public QueryStatusInfo finalStatus() {
        return finalStatus;
    }

    /** The deadline passed: cancel in Trino and make readers fail with a timeout. */
    void timeout() {
        timedOut = true;
        close();
    }

    void onClose(Future<?> deadline) {
        this.deadline = deadline;
        if (closed.get()) {
            deadline.cancel(false);
        }
    }

    @Override
    public void close() {
        Future<?> pending = deadline;
        if (pending != null && !timedOut) {
            pending.cancel(false);
        }
        if (closed.compareAndSet(false, true)) {
            // DELETE on the query's nextUri: Trino cancels a query that still runs. Sent from a thread of its own: the
            // closing thread may be interrupted (the container aborting a stream whose client went away), and an
            // interrupted thread's socket I/O fails at once, so the DELETE would silently never leave.
            if (client.isRunning()) {
                Thread cancel = Thread.ofVirtual().name("trino-cancel").start(client::close);
                try {
                    cancel.join(java.time.Duration.ofSeconds(5));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                // finished in Trino: nothing to cancel, only local resources to release
                client.close();
            }
            // the fetcher closes the rows it was handed on its way out: their unread segments are acknowledged too
            fetcher.interrupt();
            pages.clear();
            RuntimeException failure = closedFailure();
            columns.completeExceptionally(failure);
            pages.offer(new Page(List.of(), null, failure));
        }
    }

    private RuntimeException closedFailure() {
        if (timedOut) {
            return new QueryTimeoutException(client.currentStatusInfo().getId());
        }
        return new NexusException(ProblemType.QUERY_CANCELED, "The query was canceled");
    }

    private void fetch() {
        Boolean copyJson = null;
        // columns whose values can hold Trino rows, which are handed on as lists of their fields
        boolean[] holdsRows = null;
        try {
            do {
                QueryStatusInfo status = client.currentStatusInfo();
                if (!columns.isDone() && status.getColumns() != null) {
                    columns.complete(List.copyOf(status.getColumns()));
                }
                if (copyJson == null && status.getColumns() != null) {
                    List<ColumnType> types = status.getColumns().stream()
                            .map(column -> TrinoTypes.of(column.getTypeSignature()))
                            .toList();
                    copyJson = segments != null && JsonRowWriter.supports(types);
                    holdsRows = new boolean[types.size()];
                    for (int i = 0; i < types.size(); i++) {
                        holdsRows[i] = TrinoTypes.holdsRows(types.get(i));
                    }
                }
                QueryData data = client.currentData();
                if (Boolean.TRUE.equals(copyJson) && data instanceof EncodedQueryData encoded) {
                    copySegments(encoded);
                    continue;
                }
                // closing the rows acknowledges segments not read to the end (a canceled stream), so Trino deletes them
                try (ResultRows results = client.currentRows()) {
                    List<List<Object>> rows = new ArrayList<>();
                    for (List<Object> row : spooled(results)) {
                        rows.add(holdsRows == null ? row : neutral(row, holdsRows));
                        if (rows.size() == pageRows) {
                            pages.put(new Page(rows, null, null));
                            rows = new ArrayList<>();
                        }
                    }
                    if (!rows.isEmpty()) {
                        pages.put(new Page(rows, null, null));
                    }
                }
            } while (!closed.get() && client.advance());
            if (closed.get()) {
                return;
            }
            QueryStatusInfo status = client.finalStatusInfo();
            finalStatus = status;
            if (status.getError() != null) {
                TrinoQueryFailure failure = new TrinoQueryFailure(status.getId(), status.getError());
                if (failure.spooling()) {
                    onSpoolingFailure.run();
                }
                finish(failure);
                return;
            }
            if (!columns.isDone()) {
                columns.complete(status.getColumns() == null ? List.of() : List.copyOf(status.getColumns()));
            }
            pages.put(END);
        } catch (InterruptedException e) {
            // closed: the consumer is gone
        } catch (NexusException e) {
            if (!closed.get()) {
                finish(e);
            }
        } catch (IOException | RuntimeException e) {
            if (closed.get()) {
                return;
            }
            log.warn("Lost the connection to Trino while reading query {}: {}", queryIdOrNew(), e.getMessage());
            finish(QueryErrors.trinoUnavailable());
        }
    }

    /**
     * Downloads each segment (COORDINATOR_PROXY: from Trino), acknowledges it so Trino deletes it, and queues its rows
     * in pages. Segments not downloaded because the stream was closed are acknowledged too.
     */
    private void copySegments(EncodedQueryData data) throws InterruptedException {
        List<Segment> list = data.getSegments();
        int next = 0;
        try {
            while (next < list.size() && !closed.get()) {
                Segment segment = list.get(next++);
                byte[] json = load(segment, data.getEncoding());
                long rows;
                try {
                    rows = JsonRows.split(json, pageRows, page -> pages.put(new Page(List.of(), page, null)));
                } catch (IllegalArgumentException e) {
                    log.warn("Query {}: {}", queryIdOrNew(), e.getMessage());
                    throw QueryErrors.trinoUnavailable();
                }
                if (rows != segment.getRowsCount()) {
                    log.warn(
                            "Query {}: a segment held {} rows, Trino announced {}",
                            queryIdOrNew(),
                            rows,
                            segment.getRowsCount());
                    throw QueryErrors.trinoUnavailable();
                }
            }
        } finally {
            for (int i = next; i < list.size(); i++) {
                if (list.get(i) instanceof SpooledSegment spooled) {
                    acknowledge(spooled);
                }
            }
        }
    }

    private byte[] load(Segment segment, String encoding) {
        byte[] bytes;
        if (segment instanceof InlineSegment inline) {
            bytes = inline.getData();
        } else {
            SpooledSegment spooled = (SpooledSegment) segment;
            try (InputStream in = requireNonNull(segments).load(spooled)) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                if (closed.get()) {
                    throw new NexusException(ProblemType.QUERY_CANCELED, "The query was canceled");
                }
                throw spoolStoreUnavailable(e);
            } finally {
                acknowledge(spooled);
            }
        }
        // a segment names its uncompressed size only when it was compressed (small ones are not)
        java.util.Optional<Integer> uncompressed =
                segment.getMetadata().getOptional(DataAttribute.UNCOMPRESSED_SIZE, Integer.class);
        if (uncompressed.isEmpty()) {
            return bytes;
        }
        byte[] json = new byte[uncompressed.get()];
        int length =
                switch (encoding) {
                    case "json+zstd" -> DecompressionUtils.decompressZstd(bytes, json);
                    case "json+lz4" -> DecompressionUtils.decompressLZ4(bytes, json);
                    default -> throw new IllegalStateException("compressed segment in encoding " + encoding);
                };
        if (length != json.length) {
            log.warn("Query {}: a segment decompressed to {} bytes, not {}", queryIdOrNew(), length, json.length);
            throw QueryErrors.trinoUnavailable();
        }
        return json;
    }

    private void acknowledge(SpooledSegment segment) {
        try {
            requireNonNull(segments).acknowledge(segment);
        } catch (IOException | RuntimeException e) {
            // unacknowledged, the segment is deleted when its TTL runs out
            log.debug("Could not acknowledge a segment of query {}: {}", queryIdOrNew(), e.getMessage());
        }
    }

    // a row iterator only does I/O when it downloads a spooled segment: its I/O failure is the spool store's
    private Iterable<List<Object>> spooled(ResultRows results) {
        return () -> new java.util.Iterator<>() {
            private final java.util.Iterator<List<Object>> rows = results.iterator();

            @Override
            public boolean hasNext() {
                try {
                    return rows.hasNext();
                } catch (java.io.UncheckedIOException e) {
                    if (closed.get()) {
                        throw e; // our own interrupt cut the download short: no failure of the store
                    }
                    throw spoolStoreUnavailable(e.getCause());
                }
            }

            @Override
            public List<Object> next() {
                return rows.next();
            }
        };
    }

    private NexusException spoolStoreUnavailable(IOException e) {
        log.warn("Cannot read a spooled segment of query {}: {}", queryIdOrNew(), e.getMessage());
        onSpoolingFailure.run();
        return new NexusException(
                ProblemType.SPOOL_STORE_UNAVAILABLE,
                "A result segment could not be read from Trino's spool store; try again shortly",
                Map.of("queryId", queryIdOrNew()));
    }

    private void finish(RuntimeException failure) {
        columns.completeExceptionally(failure);
        pages.clear();
        pages.offer(new Page(List.of(), null, failure));
    }

    private static List<Object> neutral(List<Object> row, boolean[] holdsRows) {
        List<Object> converted = null;
        for (int i = 0; i < holdsRows.length; i++) {
            if (holdsRows[i]) {
                if (converted == null) {
                    converted = new ArrayList<>(row);
                }
                converted.set(i, TrinoTypes.neutral(row.get(i)));
            }
        }
        return converted == null ? row : converted;
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new NexusException(ProblemType.INTERNAL_ERROR, "Query failed", Map.of());
    }
}

package io.nexusgateway.trino.spooling;

import static java.util.Objects.requireNonNull;

import io.airlift.slice.Slice;
import io.trino.spi.QueryId;
import io.trino.spi.spool.SpooledLocation;
import io.trino.spi.spool.SpooledSegmentHandle;
import io.trino.spi.spool.SpoolingContext;
import io.trino.spi.spool.SpoolingManager;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The wrapped manager, with every segment recorded under its query until it is acknowledged or its query ends; a
 * segment whose query has already failed when it is closed is deleted at once.
 */
final class CleaningSpoolingManager implements SpoolingManager {
    private final SpoolingManager delegate;
    private final QuerySegments segments;

    CleaningSpoolingManager(SpoolingManager delegate, QuerySegments segments) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.segments = requireNonNull(segments, "segments is null");
        segments.deleteWith(this::delete);
    }

    @Override
    public SpooledSegmentHandle create(SpoolingContext context) {
        Segment segment = new Segment(delegate.create(context), context.queryId());
        segments.created(segment.queryId(), segment.delegate());
        return segment;
    }

    @Override
    public OutputStream createOutputStream(SpooledSegmentHandle handle) throws IOException {
        OutputStream stream = delegate.createOutputStream(unwrap(handle));
        if (!(handle instanceof Segment segment)) {
            return stream;
        }
        return new FilterOutputStream(stream) {
            private boolean closed;

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                super.close();
                // its query failed while it was written: nobody will ever read it
                if (segments.hasFailed(segment.queryId())) {
                    delete(segment.delegate());
                }
            }
        };
    }

    @Override
    public InputStream openInputStream(SpooledSegmentHandle handle) throws IOException {
        return delegate.openInputStream(unwrap(handle));
    }

    @Override
    public void acknowledge(SpooledSegmentHandle handle) throws IOException {
        delegate.acknowledge(unwrap(handle));
        segments.acknowledged(handle.identifier());
    }

    @Override
    public Optional<SpooledLocation.DirectLocation> directLocation(SpooledSegmentHandle handle) throws IOException {
        return delegate.directLocation(unwrap(handle));
    }

    @Override
    public SpooledLocation location(SpooledSegmentHandle handle) throws IOException {
        return delegate.location(unwrap(handle));
    }

    @Override
    public SpooledSegmentHandle handle(Slice identifier, Map<String, List<String>> headers) {
        return delegate.handle(identifier, headers);
    }

    private void delete(SpooledSegmentHandle handle) {
        try {
            delegate.acknowledge(handle);
        } catch (IOException | RuntimeException e) {
            // the pruner removes it at its TTL, as it would have without us
            System.getLogger(CleaningSpoolingManager.class.getName())
                    .log(System.Logger.Level.WARNING, "could not delete segment " + handle.identifier(), e);
        }
    }

    private static SpooledSegmentHandle unwrap(SpooledSegmentHandle handle) {
        return handle instanceof Segment segment ? segment.delegate() : handle;
    }

    /** The wrapped manager's handle and the query it belongs to, which Trino 476's handle no longer names. */
    private record Segment(SpooledSegmentHandle delegate, QueryId queryId) implements SpooledSegmentHandle {
        Segment {
            requireNonNull(delegate, "delegate is null");
            requireNonNull(queryId, "queryId is null");
        }

        @Override
        public String identifier() {
            return delegate.identifier();
        }

        @Override
        public String encoding() {
            return delegate.encoding();
        }

        @Override
        public Instant expirationTime() {
            return delegate.expirationTime();
        }
    }
}

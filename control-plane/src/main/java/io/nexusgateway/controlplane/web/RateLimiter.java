package io.nexusgateway.controlplane.web;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.nexusgateway.controlplane.config.NexusProperties;
import java.time.Duration;

/**
 * In-memory token buckets (Bucket4j), one per key. Per replica: N replicas let N times the limit through; a shared
 * limit needs a Bucket4j distributed backend (JDBC, Redis) behind the same interface.
 *
 * <p>A bucket left alone for its refill period is full again, so it is dropped then and nothing is lost. The bound on
 * the number of buckets evicts one at a time and never an empty bucket (weight 0 while it refuses): flooding other
 * keys (usernames) cannot refill a throttled one, as clearing a full map once did.
 */
public final class RateLimiter {
    public static final long MAX_BUCKETS = 100_000;

    private final Cache<String, Entry> buckets;
    private final TimeMeter time;

    public RateLimiter() {
        this(MAX_BUCKETS, Ticker.systemTicker());
    }

    /** For tests: a bound and a clock of their own. */
    public RateLimiter(long maximumSize, Ticker ticker) {
        requireNonNull(ticker, "ticker is null");
        this.time = new TickerTime(ticker);
        this.buckets = Caffeine.newBuilder()
                .maximumWeight(maximumSize)
                .weigher((String key, Entry entry) -> entry.refusing() ? 0 : 1)
                .expireAfter(Expiry.accessing(
                        (String key, Entry entry) -> entry.limit().refillPeriod()))
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** Takes one token from {@code key}'s bucket; the bucket is rebuilt when its limit changed. */
    public Decision tryConsume(String key, NexusProperties.Limit limit) {
        Entry entry = buckets.get(key, ignored -> new Entry(limit, bucket(limit), false));
        if (!entry.limit().equals(limit)) {
            entry = buckets.asMap()
                    .compute(
                            key,
                            (ignored, existing) ->
                                    existing != null && existing.limit().equals(limit)
                                            ? existing
                                            : new Entry(limit, bucket(limit), false));
        }
        ConsumptionProbe probe = entry.bucket().tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed() == entry.refusing()) {
            // re-weighed: a refusing bucket is exempt from the size bound (it still expires)
            Entry current = entry;
            buckets.asMap()
                    .computeIfPresent(
                            key,
                            (ignored, existing) -> existing.bucket() == current.bucket()
                                    ? new Entry(existing.limit(), existing.bucket(), !probe.isConsumed())
                                    : existing);
        }
        return new Decision(
                probe.isConsumed(),
                limit.capacity(),
                probe.getRemainingTokens(),
                Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    private Bucket bucket(NexusProperties.Limit limit) {
        return Bucket.builder()
                .withCustomTimePrecision(time)
                .addLimit(Bandwidth.builder()
                        .capacity(limit.capacity())
                        .refillGreedy(limit.capacity(), limit.refillPeriod())
                        .build())
                .build();
    }

    private record Entry(NexusProperties.Limit limit, Bucket bucket, boolean refusing) {}

    // the buckets refill on the cache's clock, so a test's ticker drives both
    private record TickerTime(Ticker ticker) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            return ticker.read();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }

    /**
     * @param retryAfter how long until one token is back (zero when allowed)
     */
    public record Decision(boolean allowed, long limit, long remaining, Duration retryAfter) {
        /** {@code Retry-After} in whole seconds, at least 1. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }
}

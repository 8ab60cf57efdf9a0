package io.nexusgateway.controlplane.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.nexusgateway.controlplane.config.NexusProperties;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory token buckets (Bucket4j), one per key. Per replica: N replicas let N times the limit through; a shared
 * limit needs a Bucket4j distributed backend (JDBC, Redis) behind the same interface.
 */
public final class RateLimiter {
    private static final int MAX_BUCKETS = 100_000;

    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();

    /** Takes one token from {@code key}'s bucket; the bucket is rebuilt when its limit changed. */
    public Decision tryConsume(String key, NexusProperties.Limit limit) {
        Entry entry = buckets.get(key);
        if (entry == null || !entry.limit().equals(limit)) {
            if (buckets.size() >= MAX_BUCKETS) {
                // idle keys (addresses, usernames) would pile up: start over rather than grow without bound
                buckets.clear();
            }
            entry = buckets.compute(
                    key,
                    (ignored, existing) -> existing != null && existing.limit().equals(limit)
                            ? existing
                            : new Entry(limit, bucket(limit)));
        }
        ConsumptionProbe probe = entry.bucket().tryConsumeAndReturnRemaining(1);
        return new Decision(
                probe.isConsumed(),
                limit.capacity(),
                probe.getRemainingTokens(),
                Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    private static Bucket bucket(NexusProperties.Limit limit) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.capacity())
                        .refillGreedy(limit.capacity(), limit.refillPeriod())
                        .build())
                .build();
    }

    private record Entry(NexusProperties.Limit limit, Bucket bucket) {}

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

package io.nexusgateway.controlplane.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Per-request lookups: kept for the TTL, dropped at once on a change, bounded without clearing everything. */
final class TestIdentityCache {
    private final AtomicLong nanos = new AtomicLong();
    private final IdentityCache cache = new IdentityCache(nanos::get);
    private final AtomicInteger loads = new AtomicInteger();

    @Test
    void testKeptForTheTtl() {
        assertThat(lookup("user:alice")).contains("alice");
        nanos.addAndGet(IdentityCache.TTL.toNanos() - 1);
        assertThat(lookup("user:alice")).contains("alice");
        assertThat(loads).hasValue(1);

        nanos.addAndGet(1);
        assertThat(lookup("user:alice")).contains("alice");
        assertThat(loads).hasValue(2);
    }

    @Test
    void testAbsenceIsCachedToo() {
        assertThat(cache.get("user:nobody", () -> {
                    loads.incrementAndGet();
                    return Optional.empty();
                }))
                .isEmpty();
        assertThat(cache.get("user:nobody", () -> {
                    loads.incrementAndGet();
                    return Optional.empty();
                }))
                .isEmpty();
        assertThat(loads).hasValue(1);
    }

    @Test
    void testChangesAndRemovalsAreSeenAtOnce() {
        lookup("user:alice");
        lookup("key:abc");
        cache.remove("key:abc");
        lookup("key:abc");
        lookup("user:alice");
        assertThat(loads).hasValue(3);

        cache.changed();
        lookup("user:alice");
        lookup("key:abc");
        assertThat(loads).hasValue(5);
    }

    @Test
    void testFullCacheKeepsWhatIsUsed() {
        lookup("user:alice");
        for (int i = 0; i < 2 * IdentityCache.MAXIMUM_SIZE; i++) {
            lookup("user:u" + i);
            if (i % 100 == 0) {
                lookup("user:alice");
            }
        }
        int before = loads.get();
        lookup("user:alice");
        assertThat(loads).hasValue(before);
    }

    private Optional<String> lookup(String key) {
        return cache.get(key, () -> {
            loads.incrementAndGet();
            return Optional.of(key.substring(key.indexOf(':') + 1));
        });
    }
}

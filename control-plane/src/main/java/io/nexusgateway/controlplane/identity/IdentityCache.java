package io.nexusgateway.controlplane.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The lookups made on every request (a user's enabled flag, roles and groups; an API key), kept for {@link #TTL} at
 * most. Every change to users, groups or keys clears it at once; past {@link #MAXIMUM_SIZE} entries, single entries
 * are evicted.
 */
final class IdentityCache {
    static final Duration TTL = Duration.ofSeconds(2);
    static final long MAXIMUM_SIZE = 10_000;

    private final Cache<String, Optional<?>> cache;

    IdentityCache(Ticker ticker) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(MAXIMUM_SIZE)
                .expireAfterWrite(TTL)
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    <T> Optional<T> get(String key, Supplier<Optional<T>> loader) {
        @SuppressWarnings("unchecked")
        Optional<T> value = (Optional<T>) cache.get(key, ignored -> loader.get());
        return value;
    }

    void remove(String key) {
        cache.invalidate(key);
    }

    /** Something changed: nothing cached may be served any more. */
    void changed() {
        cache.invalidateAll();
    }
}

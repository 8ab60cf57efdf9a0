package io.nexusgateway.catalogsync;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Timing of {@link CatalogSyncService}.
 *
 * @param interval how often to reconcile regardless of events; heals catalogs dropped by hand. Default 30 s
 * @param watchInterval how often to probe Trino; a restart or a return from down is reconciled at the next probe.
 *     Default 5 s
 */
public record CatalogSyncSettings(Duration interval, Duration watchInterval) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofSeconds(5);

    public CatalogSyncSettings {
        requirePositive(requireNonNull(interval, "interval is null"), "interval");
        requirePositive(requireNonNull(watchInterval, "watchInterval is null"), "watchInterval");
    }

    public static CatalogSyncSettings defaults() {
        return new CatalogSyncSettings(DEFAULT_INTERVAL, DEFAULT_WATCH_INTERVAL);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}

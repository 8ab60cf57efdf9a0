package io.nexusgateway.catalogsync.trino;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Whether Trino answered a query, and which coordinator process answered.
 *
 * @param up Trino ran the probe query
 * @param instanceId the coordinator's id within its query ids ({@code 20261127_013306_00069_vziyn}: {@code vziyn}),
 *     which Trino draws at random when the coordinator starts, so it changes with every restart; {@code null} when
 *     down
 * @param version Trino's version, e.g. {@code 476}; {@code null} when down
 * @param error why the probe failed; {@code null} when up
 */
public record TrinoStatus(
        boolean up,
        @Nullable String instanceId,
        @Nullable String version,
        @Nullable String error,
        Instant checkedAt) {
    public TrinoStatus {
        requireNonNull(checkedAt, "checkedAt is null");
        if (up) {
            requireNonNull(instanceId, "instanceId is null");
        } else {
            requireNonNull(error, "error is null");
        }
    }

    public static TrinoStatus up(String instanceId, String version, Instant checkedAt) {
        return new TrinoStatus(true, instanceId, version, null, checkedAt);
    }

    public static TrinoStatus down(String error, Instant checkedAt) {
        return new TrinoStatus(false, null, null, error, checkedAt);
    }
}

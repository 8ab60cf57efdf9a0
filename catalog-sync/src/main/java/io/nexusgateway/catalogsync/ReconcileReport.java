package io.nexusgateway.catalogsync;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What one reconcile run did. Lists hold catalog names, sorted.
 *
 * @param trinoReachable whether Trino could be asked for its catalogs (and stayed reachable through the run)
 * @param trinoError why not; {@code null} when reachable
 * @param created catalogs Trino did not have
 * @param recreated catalogs dropped and created again: fingerprint (properties, secret version), connector or owner
 *     differed
 * @param dropped catalogs Nexus owned that no datasource wants any more
 * @param failed catalog name to Trino's message (or why Trino could not be asked)
 * @param unchanged wanted catalogs Trino has as wanted
 * @param unmanaged Trino's catalogs Nexus does not own ({@code system}, static catalogs, anyone else's): never touched
 * @param catalogDurations time spent on each catalog that was created, re-created, dropped or failed
 */
public record ReconcileReport(
        Instant startedAt,
        Duration duration,
        boolean trinoReachable,
        @Nullable String trinoError,
        List<String> created,
        List<String> recreated,
        List<String> dropped,
        SortedMap<String, String> failed,
        List<String> unchanged,
        List<String> unmanaged,
        SortedMap<String, Duration> catalogDurations) {
    public ReconcileReport {
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(duration, "duration is null");
        created = sorted(created);
        recreated = sorted(recreated);
        dropped = sorted(dropped);
        failed = Collections.unmodifiableSortedMap(new TreeMap<>(failed));
        unchanged = sorted(unchanged);
        unmanaged = sorted(unmanaged);
        catalogDurations = Collections.unmodifiableSortedMap(new TreeMap<>(catalogDurations));
        if (!trinoReachable) {
            requireNonNull(trinoError, "trinoError is null");
        }
    }

    /** Trino was reachable and nothing failed. */
    public boolean succeeded() {
        return trinoReachable && failed.isEmpty();
    }

    /** Whether the run created, re-created or dropped anything. */
    public boolean changedTrino() {
        return !created.isEmpty() || !recreated.isEmpty() || !dropped.isEmpty();
    }

    @Override
    public String toString() {
        return "ReconcileReport[%s in %d ms: created=%s recreated=%s dropped=%s failed=%s unchanged=%d unmanaged=%d%s]"
                .formatted(
                        startedAt,
                        duration.toMillis(),
                        created,
                        recreated,
                        dropped,
                        failed.keySet(),
                        unchanged.size(),
                        unmanaged.size(),
                        trinoReachable ? "" : " trino unreachable: " + trinoError);
    }

    private static List<String> sorted(List<String> names) {
        List<String> copy = new ArrayList<>(names);
        Collections.sort(copy);
        return List.copyOf(copy);
    }

    // applied from several threads when the reconciler creates catalogs in parallel
    static final class Builder {
        private final Instant startedAt;
        private final long startNanos = System.nanoTime();
        private final List<String> created = new ArrayList<>();
        private final List<String> recreated = new ArrayList<>();
        private final List<String> dropped = new ArrayList<>();
        private final SortedMap<String, String> failed = new TreeMap<>();
        private final List<String> unchanged = new ArrayList<>();
        private final List<String> unmanaged = new ArrayList<>();
        private final SortedMap<String, Duration> catalogDurations = new TreeMap<>();
        private @Nullable String trinoError;

        Builder(Instant startedAt) {
            this.startedAt = requireNonNull(startedAt, "startedAt is null");
        }

        synchronized void created(String catalogName) {
            created.add(catalogName);
        }

        synchronized void recreated(String catalogName) {
            recreated.add(catalogName);
        }

        synchronized void dropped(String catalogName) {
            dropped.add(catalogName);
        }

        synchronized void failed(String catalogName, String error) {
            failed.merge(catalogName, error, (first, second) -> first);
        }

        synchronized void unchanged(String catalogName) {
            unchanged.add(catalogName);
        }

        synchronized void unmanaged(String catalogName) {
            unmanaged.add(catalogName);
        }

        synchronized void took(String catalogName, long startNanos) {
            catalogDurations.put(catalogName, Duration.ofNanos(System.nanoTime() - startNanos));
        }

        synchronized void trinoUnavailable(String error) {
            if (trinoError == null) {
                trinoError = error;
            }
        }

        synchronized boolean trinoLost() {
            return trinoError != null;
        }

        @Nullable
        synchronized String trinoError() {
            return trinoError;
        }

        synchronized ReconcileReport build() {
            return new ReconcileReport(
                    startedAt,
                    Duration.ofNanos(System.nanoTime() - startNanos),
                    trinoError == null,
                    trinoError,
                    created,
                    recreated,
                    dropped,
                    failed,
                    unchanged,
                    unmanaged,
                    catalogDurations);
        }
    }
}

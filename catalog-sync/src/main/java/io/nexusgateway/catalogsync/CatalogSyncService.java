package io.nexusgateway.catalogsync;

import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

import io.nexusgateway.catalogsync.trino.TrinoCatalogClient;
import io.nexusgateway.catalogsync.trino.TrinoStatus;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Trino's catalogs reconciled: on demand, on a fixed interval, and at once when Trino comes back up or
 * restarts, so a Trino restart or wipe heals by itself.
 *
 * <p>Runs are single-flight. A request while no run is going starts one; requests while a run is going share one
 * follow-up run that starts when it ends, so every caller gets a run that began after its request (and saw its
 * change), and a burst of requests costs at most two runs.
 *
 * <p>The watcher probes {@link TrinoCatalogClient#status()} every {@link CatalogSyncSettings#watchInterval()} and
 * requests a run when Trino was down and is up, or when its coordinator id changed (a restart between two probes).
 *
 * <p>Everything runs on the scheduler given; tests pass their own and short intervals. {@link #create} makes a
 * one-thread scheduler that {@link #close()} shuts down.
 */
public final class CatalogSyncService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CatalogSyncService.class);

    private final CatalogReconciler reconciler;
    private final TrinoCatalogClient trino;
    private final CatalogSyncSettings settings;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final AtomicLong completedRuns = new AtomicLong();
    private final AtomicBoolean probeRequested = new AtomicBoolean(true);

    private final Object lock = new Object();
    private @Nullable CompletableFuture<ReconcileReport> running;
    private @Nullable CompletableFuture<ReconcileReport> next;
    private @Nullable ReconcileReport lastReport;
    private @Nullable TrinoStatus lastStatus;
    private @Nullable ScheduledFuture<?> periodic;
    private @Nullable ScheduledFuture<?> watcher;
    private boolean started;
    private boolean closed;

    /**
     * @param scheduler runs reconciles, the periodic loop and the watcher; not shut down by {@link #close()}
     */
    public CatalogSyncService(
            CatalogReconciler reconciler,
            TrinoCatalogClient trino,
            CatalogSyncSettings settings,
            ScheduledExecutorService scheduler) {
        this(reconciler, trino, settings, scheduler, false);
    }

    private CatalogSyncService(
            CatalogReconciler reconciler,
            TrinoCatalogClient trino,
            CatalogSyncSettings settings,
            ScheduledExecutorService scheduler,
            boolean ownsScheduler) {
        this.reconciler = requireNonNull(reconciler, "reconciler is null");
        this.trino = requireNonNull(trino, "trino is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.ownsScheduler = ownsScheduler;
    }

    /** A service on a scheduler of its own (one daemon thread), shut down by {@link #close()}. */
    public static CatalogSyncService create(
            CatalogReconciler reconciler, TrinoCatalogClient trino, CatalogSyncSettings settings) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("catalog-sync").daemon().factory());
        return new CatalogSyncService(reconciler, trino, settings, scheduler, true);
    }

    /** Starts the watcher and the periodic loop, and requests a first run. */
    public void start() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("CatalogSyncService is closed");
            }
            if (started) {
                return;
            }
            started = true;
            long watchMillis = settings.watchInterval().toMillis();
            long intervalMillis = settings.interval().toMillis();
            watcher = scheduler.scheduleWithFixedDelay(this::watch, 0, watchMillis, MILLISECONDS);
            periodic = scheduler.scheduleWithFixedDelay(
                    () -> requestSync(SyncTrigger.PERIODIC), intervalMillis, intervalMillis, MILLISECONDS);
        }
        requestSync(SyncTrigger.START);
    }

    /**
     * Reconciles and waits for the result: a run that began after this call, shared with concurrent callers.
     *
     * @throws IllegalStateException if the service is closed
     * @throws RuntimeException what the run threw (a port's failure; Trino's failures are in the report)
     */
    public ReconcileReport reconcileNow() {
        CompletableFuture<ReconcileReport> run = requestSync(SyncTrigger.ON_DEMAND);
        try {
            return run.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a catalog sync", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("catalog sync failed", cause);
        } catch (CancellationException e) {
            throw new IllegalStateException("CatalogSyncService closed before the sync ran", e);
        }
    }

    /**
     * Requests a run without waiting: the registry calls this after a datasource changed. Coalesces with a queued
     * run; the future completes with the run that serves this request.
     */
    public CompletableFuture<ReconcileReport> requestSync() {
        return requestSync(SyncTrigger.REQUESTED);
    }

    private CompletableFuture<ReconcileReport> requestSync(SyncTrigger reason) {
        if (reason.probesDisabled()) {
            probeRequested.set(true);
        }
        CompletableFuture<ReconcileReport> toStart;
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("CatalogSyncService is closed"));
            }
            if (running != null) {
                if (next == null) {
                    next = new CompletableFuture<>();
                    log.debug("Catalog sync queued ({})", reason);
                }
                return next;
            }
            running = new CompletableFuture<>();
            toStart = running;
        }
        log.debug("Catalog sync starting ({})", reason);
        submit(toStart);
        return toStart;
    }

    private void submit(CompletableFuture<ReconcileReport> run) {
        try {
            scheduler.execute(() -> execute(run));
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                running = null;
                if (next != null) {
                    next.cancel(false);
                    next = null;
                }
            }
            run.completeExceptionally(new IllegalStateException("CatalogSyncService is closed", e));
        }
    }

    private void execute(CompletableFuture<ReconcileReport> run) {
        ReconcileReport report = null;
        Throwable failure = null;
        try {
            // the disabled-catalog probe asks every catalog's connector: worth it after a restart and periodically,
            // not on the API's path, where a registry change only needs its own catalog applied
            report = reconciler.reconcile(probeRequested.getAndSet(false));
        } catch (RuntimeException | Error e) {
            log.warn("Catalog sync failed", e);
            failure = e;
        }
        // bookkeeping first, so that whoever wakes up on this run sees it counted and the follow-up on its way
        completedRuns.incrementAndGet();
        CompletableFuture<ReconcileReport> following;
        CompletableFuture<ReconcileReport> abandoned = null;
        synchronized (lock) {
            if (report != null) {
                lastReport = report;
            }
            following = closed ? null : next;
            if (closed) {
                abandoned = next;
            }
            next = null;
            running = following;
        }
        if (following != null) {
            submit(following);
        }
        if (abandoned != null) {
            abandoned.cancel(false);
        }
        if (report != null) {
            run.complete(report);
        } else {
            run.completeExceptionally(requireNonNull(failure));
        }
    }

    private void watch() {
        TrinoStatus status;
        try {
            status = trino.status();
        } catch (RuntimeException e) {
            // status() does not throw; keep the watcher alive whatever happens
            log.warn("Trino status probe failed", e);
            return;
        }
        TrinoStatus previous;
        synchronized (lock) {
            previous = lastStatus;
            lastStatus = status;
        }
        if (previous == null) {
            if (!status.up()) {
                log.warn("Trino is down: {}", status.error());
            }
            return;
        }
        if (previous.up() && !status.up()) {
            log.warn("Trino went down: {}", status.error());
        } else if (!previous.up() && status.up()) {
            log.info("Trino is up again (coordinator {}); reconciling", status.instanceId());
            requestSync(SyncTrigger.TRINO_UP_AGAIN);
        } else if (status.up() && !Objects.equals(previous.instanceId(), status.instanceId())) {
            log.info("Trino restarted (coordinator {} -> {}); reconciling", previous.instanceId(), status.instanceId());
            requestSync(SyncTrigger.TRINO_RESTARTED);
        }
    }

    /** The report of the last run that completed, if any. */
    public @Nullable ReconcileReport lastReport() {
        synchronized (lock) {
            return lastReport;
        }
    }

    /** The watcher's last probe, if any. */
    public @Nullable TrinoStatus lastStatus() {
        synchronized (lock) {
            return lastStatus;
        }
    }

    /** How many runs have ended (successfully or not) since construction. */
    public long completedRuns() {
        return completedRuns.get();
    }

    /**
     * Stops the watcher and the loop; a queued run is cancelled, a running one finishes. Shuts the scheduler down if
     * {@link #create} made it.
     */
    @Override
    public void close() {
        CompletableFuture<ReconcileReport> queued;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (watcher != null) {
                watcher.cancel(false);
            }
            if (periodic != null) {
                periodic.cancel(false);
            }
            queued = next;
            next = null;
        }
        if (queued != null) {
            queued.cancel(false);
        }
        if (ownsScheduler) {
            scheduler.shutdown();
            try {
                if (!scheduler.awaitTermination(30, SECONDS)) {
                    scheduler.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                scheduler.shutdownNow();
            }
        }
    }
}

package io.nexusgateway.catalogsync;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.catalogsync.trino.ActualCatalog;
import io.nexusgateway.catalogsync.trino.TrinoCatalogClient;
import io.nexusgateway.catalogsync.trino.TrinoQueryFailedException;
import io.nexusgateway.catalogsync.trino.TrinoUnavailableException;
import io.nexusgateway.connectors.CatalogDefinition;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings Trino's catalogs in line with the wanted ones, touching only catalogs the {@link SyncLedger} says Nexus
 * owns.
 *
 * <ul>
 *   <li>wanted, not in Trino: created;
 *   <li>wanted, in Trino and owned, but fingerprint, connector or owner differ (or a create was interrupted):
 *       dropped and created again;
 *   <li>owned, no longer wanted: dropped;
 *   <li>in Trino, not owned ({@code system}, static catalogs, anyone else's): left alone and reported unmanaged; a
 *       wanted catalog whose name is taken that way fails with a message saying so.
 * </ul>
 *
 * <p>A failure on one catalog marks its owner FAILED with Trino's message and the run goes on with the others. If
 * Trino cannot be reached, owners not known to be in sync are marked FAILED and the report says so; once Trino is
 * lost during a run, the remaining changes are not attempted (each would wait for the call timeout).
 *
 * <p>Runs are serialized; {@link CatalogSyncService} also coalesces them.
 */
public final class CatalogReconciler {
    private static final Logger log = LoggerFactory.getLogger(CatalogReconciler.class);

    private final TrinoCatalogClient trino;
    private final DesiredCatalogs desiredCatalogs;
    private final SyncLedger ledger;
    private final Clock clock;
    private final ReentrantLock runLock = new ReentrantLock();
    private final int parallelism;

    public CatalogReconciler(
            TrinoCatalogClient trino, DesiredCatalogs desiredCatalogs, SyncLedger ledger, Clock clock) {
        this(trino, desiredCatalogs, ledger, clock, 1);
    }

    /**
     * @param parallelism how many catalogs are created or re-created at once. Trino builds connectors one at a time
     *     (under its catalog lock), but parsing, planning and the client round trips of several CREATE CATALOG
     *     statements overlap: after a Trino wipe this shortens the rebuild
     */
    public CatalogReconciler(
            TrinoCatalogClient trino,
            DesiredCatalogs desiredCatalogs,
            SyncLedger ledger,
            Clock clock,
            int parallelism) {
        this.trino = requireNonNull(trino, "trino is null");
        this.desiredCatalogs = requireNonNull(desiredCatalogs, "desiredCatalogs is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /**
     * One run. Trino's failures end up in the report and the ledger; failures of the ports ({@link DesiredCatalogs},
     * {@link SyncLedger}) propagate.
     */
    public ReconcileReport reconcile() {
        return reconcile(true);
    }

    /**
     * One run; {@code probeDisabled} also looks for catalogs Trino loaded disabled (see {@link
     * TrinoCatalogClient#firstDisabledCatalog()}).
     */
    public ReconcileReport reconcile(boolean probeDisabled) {
        runLock.lock();
        try {
            ReconcileReport report = run(probeDisabled);
            if (report.changedTrino() || !report.succeeded()) {
                log.info("Catalog sync: {}", report);
                report.failed().forEach((catalogName, error) -> log.warn("Catalog {} failed: {}", catalogName, error));
            } else {
                log.debug("Catalog sync: {}", report);
            }
            return report;
        } finally {
            runLock.unlock();
        }
    }

    private ReconcileReport run(boolean probeDisabled) {
        ReconcileReport.Builder report = new ReconcileReport.Builder(clock.instant());
        Map<String, OwnedCatalog> owned = ledger.ownedCatalogs();
        Map<String, SyncState> states = ledger.syncStates();
        SortedMap<String, CatalogDefinition> desired = desiredByName(desiredCatalogs.desiredCatalogs(), owned, report);

        Map<String, ActualCatalog> actual;
        try {
            actual = byName(trino.listCatalogs());
        } catch (RuntimeException e) {
            String error = "Trino is unavailable: " + e.getMessage();
            report.trinoUnavailable(error);
            for (CatalogDefinition catalog : desired.values()) {
                // a catalog last seen as wanted stays SYNCED: nothing says it changed; everything else cannot sync
                SyncState state = states.get(catalog.ownerId());
                OwnedCatalog ownedCatalog = owned.get(catalog.catalogName());
                boolean lastKnownInSync = state != null
                        && state.status() == SyncStatus.SYNCED
                        && ownedCatalog != null
                        && ownedCatalog.matches(catalog);
                if (!lastKnownInSync) {
                    fail(report, catalog.catalogName(), catalog.ownerId(), error);
                }
            }
            return report.build();
        }

        for (OwnedCatalog ownedCatalog : owned.values()) {
            if (!desired.containsKey(ownedCatalog.catalogName())) {
                drop(ownedCatalog, actual.containsKey(ownedCatalog.catalogName()), report);
            }
        }
        Set<String> repaired = probeDisabled ? repairDisabled(desired, owned, actual.size(), report) : Set.of();
        List<CatalogDefinition> toApply = desired.values().stream()
                .filter(catalog -> !repaired.contains(catalog.catalogName()))
                .toList();
        if (parallelism == 1) {
            for (CatalogDefinition catalog : toApply) {
                apply(catalog, actual.get(catalog.catalogName()), owned.get(catalog.catalogName()), states, report);
            }
        } else {
            Semaphore permits = new Semaphore(parallelism);
            List<Future<?>> applied = new ArrayList<>();
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (CatalogDefinition catalog : toApply) {
                    applied.add(executor.submit(() -> {
                        permits.acquireUninterruptibly();
                        try {
                            apply(
                                    catalog,
                                    actual.get(catalog.catalogName()),
                                    owned.get(catalog.catalogName()),
                                    states,
                                    report);
                        } finally {
                            permits.release();
                        }
                    }));
                }
            }
            // a port's failure propagates as it does when run one at a time
            for (Future<?> future : applied) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reconciling", e);
                }
            }
        }
        for (String catalogName : actual.keySet()) {
            if (!owned.containsKey(catalogName)) {
                report.unmanaged(catalogName);
            }
        }
        return report.build();
    }

    /**
     * Re-creates owned catalogs that Trino lists but loaded as disabled (their connector failed at Trino's start).
     * They look present and unchanged in {@code system.metadata.catalogs}, so only a probe finds them.
     */
    private Set<String> repairDisabled(
            SortedMap<String, CatalogDefinition> desired,
            Map<String, OwnedCatalog> owned,
            int actualCount,
            ReconcileReport.Builder report) {
        Set<String> repaired = new TreeSet<>();
        for (int attempt = 0; attempt <= actualCount && !report.trinoLost(); attempt++) {
            Optional<String> disabled;
            try {
                disabled = trino.firstDisabledCatalog();
            } catch (TrinoQueryFailedException | TrinoUnavailableException e) {
                log.warn("Cannot probe Trino for disabled catalogs: {}", e.getMessage());
                break;
            }
            if (disabled.isEmpty()) {
                break;
            }
            String catalogName = disabled.get();
            CatalogDefinition catalog = desired.get(catalogName);
            if (catalog == null || !owned.containsKey(catalogName) || !repaired.add(catalogName)) {
                log.warn("Catalog {} is disabled in Trino and is not one Nexus can repair", catalogName);
                break;
            }
            log.info("Catalog {} failed to load in Trino and is disabled: re-creating it", catalogName);
            createOrReplace(catalog, true, report);
        }
        return repaired;
    }

    private void drop(OwnedCatalog ownedCatalog, boolean inTrino, ReconcileReport.Builder report) {
        String catalogName = ownedCatalog.catalogName();
        if (!inTrino) {
            // gone already (dropped by hand, or Trino lost it): nothing to do but forget it
            ledger.recordDropped(catalogName, clock.instant());
            return;
        }
        if (report.trinoLost()) {
            report.failed(catalogName, requireNonNull(report.trinoError()));
            return;
        }
        long start = System.nanoTime();
        try {
            trino.drop(catalogName);
            ledger.recordDropped(catalogName, clock.instant());
            report.dropped(catalogName);
        } catch (TrinoQueryFailedException | TrinoUnavailableException e) {
            failOnTrino(report, catalogName, ownedCatalog.ownerId(), e);
        } finally {
            report.took(catalogName, start);
        }
    }

    private void apply(
            CatalogDefinition catalog,
            @Nullable ActualCatalog actual,
            @Nullable OwnedCatalog ownedCatalog,
            Map<String, SyncState> states,
            ReconcileReport.Builder report) {
        String catalogName = catalog.catalogName();
        if (actual != null && ownedCatalog == null) {
            fail(report, catalogName, catalog.ownerId(), notOwnedError(catalogName, actual));
            return;
        }
        if (actual != null
                && ownedCatalog.matches(catalog)
                && actual.connectorName().equals(catalog.connectorName())) {
            report.unchanged(catalogName);
            SyncState state = states.get(catalog.ownerId());
            if (state == null || state.status() != SyncStatus.SYNCED || state.lastError() != null) {
                ledger.recordInSync(catalog.ownerId(), clock.instant());
            }
            return;
        }
        if (report.trinoLost()) {
            fail(report, catalogName, catalog.ownerId(), requireNonNull(report.trinoError()));
            return;
        }
        createOrReplace(catalog, actual != null, report);
    }

    /** Claims the name in the ledger first, so a crash half-way is redone by the next run instead of forgotten. */
    private void createOrReplace(CatalogDefinition catalog, boolean replace, ReconcileReport.Builder report) {
        String catalogName = catalog.catalogName();
        long start = System.nanoTime();
        try {
            ledger.recordClaim(catalogName, catalog.ownerId(), catalog.connectorName(), clock.instant());
            if (replace) {
                trino.drop(catalogName);
            }
            trino.create(catalog);
            ledger.recordApplied(catalog, clock.instant());
            if (replace) {
                report.recreated(catalogName);
            } else {
                report.created(catalogName);
            }
        } catch (TrinoQueryFailedException | TrinoUnavailableException e) {
            failOnTrino(report, catalogName, catalog.ownerId(), e);
        } finally {
            report.took(catalogName, start);
        }
    }

    private void failOnTrino(ReconcileReport.Builder report, String catalogName, String ownerId, RuntimeException e) {
        String error = String.valueOf(e.getMessage());
        if (e instanceof TrinoUnavailableException) {
            error = "Trino is unavailable: " + error;
            report.trinoUnavailable(error);
        }
        fail(report, catalogName, ownerId, error);
    }

    private void fail(ReconcileReport.Builder report, String catalogName, String ownerId, String error) {
        report.failed(catalogName, error);
        ledger.recordFailure(ownerId, error, clock.instant());
    }

    /**
     * The wanted catalogs by name. A name several owners want goes to the one that owns it already, if any; the
     * others fail.
     */
    private SortedMap<String, CatalogDefinition> desiredByName(
            List<CatalogDefinition> catalogs, Map<String, OwnedCatalog> owned, ReconcileReport.Builder report) {
        Map<String, List<CatalogDefinition>> byName = catalogs.stream()
                .sorted(Comparator.comparing(CatalogDefinition::ownerId))
                .collect(Collectors.groupingBy(CatalogDefinition::catalogName, TreeMap::new, Collectors.toList()));
        SortedMap<String, CatalogDefinition> desired = new TreeMap<>();
        byName.forEach((catalogName, claimants) -> {
            if (claimants.size() == 1) {
                desired.put(catalogName, claimants.getFirst());
                return;
            }
            OwnedCatalog ownedCatalog = owned.get(catalogName);
            CatalogDefinition keeper = ownedCatalog == null
                    ? null
                    : claimants.stream()
                            .filter(catalog -> catalog.ownerId().equals(ownedCatalog.ownerId()))
                            .findFirst()
                            .orElse(null);
            if (keeper != null) {
                desired.put(catalogName, keeper);
            }
            Set<String> owners =
                    claimants.stream().map(CatalogDefinition::ownerId).collect(Collectors.toCollection(TreeSet::new));
            String error = "catalog name '%s' is wanted by several datasources: %s".formatted(catalogName, owners);
            for (CatalogDefinition claimant : claimants) {
                if (claimant != keeper) {
                    report.failed(catalogName, error);
                    ledger.recordFailure(claimant.ownerId(), error, clock.instant());
                }
            }
        });
        return desired;
    }

    /**
     * Trino's catalogs joined with the ledger and the wanted catalogs. Reads Trino once; does not wait for a running
     * reconcile.
     */
    public CatalogOverview overview() {
        Instant now = clock.instant();
        SortedMap<String, CatalogDefinition> desired = new TreeMap<>();
        desiredCatalogs.desiredCatalogs().stream()
                .sorted(Comparator.comparing(CatalogDefinition::ownerId))
                .forEach(catalog -> desired.putIfAbsent(catalog.catalogName(), catalog));
        Map<String, OwnedCatalog> owned = ledger.ownedCatalogs();
        Map<String, SyncState> states = ledger.syncStates();
        Map<String, ActualCatalog> actual;
        String trinoError = null;
        try {
            actual = byName(trino.listCatalogs());
        } catch (RuntimeException e) {
            actual = Map.of();
            trinoError = "Trino is unavailable: " + e.getMessage();
        }
        boolean reachable = trinoError == null;

        Set<String> names = new TreeSet<>(desired.keySet());
        names.addAll(owned.keySet());
        names.addAll(actual.keySet());
        List<CatalogOverview.Row> rows = new ArrayList<>();
        for (String catalogName : names) {
            CatalogDefinition wanted = desired.get(catalogName);
            OwnedCatalog ownedCatalog = owned.get(catalogName);
            ActualCatalog inTrino = actual.get(catalogName);
            String ownerId = wanted != null ? wanted.ownerId() : ownedCatalog != null ? ownedCatalog.ownerId() : null;
            SyncState state = ownerId == null ? null : states.get(ownerId);
            String lastError = state == null ? null : state.lastError();
            CatalogStatus status;
            if (wanted != null) {
                if (state != null && state.status() == SyncStatus.FAILED) {
                    status = CatalogStatus.FAILED;
                } else if (reachable && inTrino == null) {
                    status = CatalogStatus.MISSING_IN_TRINO;
                } else if (ownedCatalog == null) {
                    if (reachable) {
                        status = CatalogStatus.FAILED;
                        lastError = notOwnedError(catalogName, requireNonNull(inTrino));
                    } else {
                        status = CatalogStatus.MISSING_IN_TRINO;
                    }
                } else if (ownedCatalog.matches(wanted)
                        && (inTrino == null || inTrino.connectorName().equals(wanted.connectorName()))) {
                    status = CatalogStatus.SYNCED;
                } else {
                    status = CatalogStatus.DRIFTED;
                }
            } else if (ownedCatalog != null) {
                if (reachable && inTrino == null) {
                    continue; // dropped outside Nexus; the next run forgets it
                }
                status = CatalogStatus.ORPHANED_IN_TRINO;
            } else {
                status = CatalogStatus.UNMANAGED;
            }
            rows.add(new CatalogOverview.Row(
                    catalogName,
                    status,
                    status == CatalogStatus.UNMANAGED ? null : ownerId,
                    wanted == null ? null : wanted.connectorName(),
                    inTrino == null ? null : inTrino.connectorName(),
                    state == null ? null : state.status(),
                    lastError,
                    state == null ? null : state.lastSyncedAt()));
        }
        return new CatalogOverview(now, reachable, trinoError, rows);
    }

    private static String notOwnedError(String catalogName, ActualCatalog actual) {
        return ("catalog '%s' already exists in Trino (connector %s) and is not managed by Nexus; Nexus never replaces"
                        + " it: choose another catalog name, or drop that catalog in Trino")
                .formatted(catalogName, actual.connectorName());
    }

    private static Map<String, ActualCatalog> byName(List<ActualCatalog> catalogs) {
        Map<String, ActualCatalog> byName = new TreeMap<>();
        for (ActualCatalog catalog : catalogs) {
            byName.put(catalog.catalogName(), catalog);
        }
        return byName;
    }
}

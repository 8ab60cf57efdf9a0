package io.nexusgateway.catalogsync;

import static io.nexusgateway.catalogsync.trino.TrinoTesting.client;
import static io.nexusgateway.catalogsync.trino.TrinoTesting.uniqueCatalogName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.catalogsync.trino.ActualCatalog;
import io.nexusgateway.catalogsync.trino.TrinoCatalogClient;
import io.nexusgateway.catalogsync.trino.TrinoQueryFailedException;
import io.nexusgateway.catalogsync.trino.TrinoStatus;
import io.nexusgateway.catalogsync.trino.TrinoTesting;
import io.nexusgateway.catalogsync.trino.TrinoUnavailableException;
import io.nexusgateway.connectors.CatalogDefinition;
import io.nexusgateway.testing.Await;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class TestCatalogSyncService {
    private static final Duration NEVER = Duration.ofHours(1);

    private final List<CatalogDefinition> desired = new CopyOnWriteArrayList<>();
    private final AtomicInteger desiredCalls = new AtomicInteger();
    private final InMemorySyncLedger ledger = new InMemorySyncLedger();
    private final List<String> names = new ArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private TrinoCatalogClient trino;
    private CatalogReconciler reconciler;

    @BeforeEach
    void setUp() {
        trino = client();
        DesiredCatalogs desiredCatalogs = () -> {
            // read before the gate: a run sees the desired state of when it started
            List<CatalogDefinition> snapshot = List.copyOf(desired);
            desiredCalls.incrementAndGet();
            awaitGate();
            return snapshot;
        };
        reconciler = new CatalogReconciler(trino, desiredCatalogs, ledger, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        gate.countDown();
        names.forEach(trino::drop);
        trino.close();
    }

    @Test
    void testRequestsDuringARunShareOneFollowUpRun() throws Exception {
        try (CatalogSyncService service =
                CatalogSyncService.create(reconciler, trino, new CatalogSyncSettings(NEVER, NEVER))) {
            gate = new CountDownLatch(1);
            CompletableFuture<ReconcileReport> first = service.requestSync();
            Await.until(
                    "the first run reads the desired catalogs", Duration.ofSeconds(10), () -> desiredCalls.get() == 1);

            // a burst while the first run is busy: all share the one run queued behind it
            List<CompletableFuture<ReconcileReport>> burst = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                burst.add(service.requestSync());
            }
            assertThat(burst).allSatisfy(future -> assertThat(future).isSameAs(burst.getFirst()));
            assertThat(burst.getFirst()).isNotSameAs(first).isNotDone();
            // a blocking caller joins the same queued run
            CompletableFuture<ReconcileReport> blocking = CompletableFuture.supplyAsync(service::reconcileNow);

            desired.add(CatalogDefinition.of(name("burst"), "tpch", Map.of(), "owner-a", 0));
            gate.countDown();
            ReconcileReport firstReport = first.get(60, TimeUnit.SECONDS);
            ReconcileReport followUp = burst.getFirst().get(60, TimeUnit.SECONDS);
            assertThat(blocking.get(60, TimeUnit.SECONDS)).isSameAs(followUp);
            // the follow-up began after the requests, so it saw the catalog added meanwhile
            assertThat(firstReport.created()).isEmpty();
            assertThat(followUp.created()).containsExactly(names.getFirst());
            assertThat(desiredCalls.get()).isEqualTo(2);
            assertThat(service.completedRuns()).isEqualTo(2);
            assertThat(service.lastReport()).isSameAs(followUp);
        }
    }

    @Test
    void testReconcileNowWhenIdleRunsAtOnce() {
        try (CatalogSyncService service =
                CatalogSyncService.create(reconciler, trino, new CatalogSyncSettings(NEVER, NEVER))) {
            desired.add(CatalogDefinition.of(name("now"), "tpch", Map.of(), "owner-a", 0));
            ReconcileReport report = service.reconcileNow();
            assertThat(report.created()).containsExactly(names.getFirst());
            assertThat(service.reconcileNow().unchanged()).containsExactly(names.getFirst());
            assertThat(desiredCalls.get()).isEqualTo(2);
        }
    }

    @Test
    void testPeriodicLoopHealsACatalogDroppedByHand() throws Exception {
        CatalogDefinition catalog = CatalogDefinition.of(name("periodic"), "tpch", Map.of(), "owner-a", 0);
        desired.add(catalog);
        try (CatalogSyncService service =
                CatalogSyncService.create(reconciler, trino, new CatalogSyncSettings(Duration.ofMillis(300), NEVER))) {
            service.start();
            Await.until("created by the first run", Duration.ofSeconds(60), () -> inTrino(catalog));
            trino.drop(catalog.catalogName());
            Await.until("re-created by the periodic loop", Duration.ofSeconds(60), () -> inTrino(catalog));
            assertThat(ledger.syncStates().get("owner-a").status()).isEqualTo(SyncStatus.SYNCED);
        }
    }

    @Test
    void testWatcherReconcilesWhenTrinoRestarts() throws Exception {
        CatalogDefinition catalog = CatalogDefinition.of(name("restart"), "tpch", Map.of(), "owner-a", 0);
        desired.add(catalog);
        try (CatalogSyncService service =
                CatalogSyncService.create(reconciler, trino, new CatalogSyncSettings(NEVER, Duration.ofMillis(500)))) {
            service.start();
            Await.until("created by the first run", Duration.ofSeconds(60), () -> inTrino(catalog));
            Await.until("the watcher saw Trino", Duration.ofSeconds(30), () -> {
                TrinoStatus status = service.lastStatus();
                return status != null && status.up();
            });
            String before = Objects.requireNonNull(service.lastStatus()).instanceId();
            // lost behind Nexus' back; with the periodic loop off, only a run the watcher starts brings it back
            trino.drop(catalog.catalogName());
            Instant restarted = Instant.now();

            TrinoTesting.trino().restart();

            Await.until("re-created after the restart", Duration.ofSeconds(120), () -> inTrino(catalog));
            assertThat(Objects.requireNonNull(service.lastStatus()).instanceId())
                    .isNotEqualTo(before);
            assertThat(ledger.ownedCatalogs().get(catalog.catalogName()).updatedAt())
                    .isAfter(restarted);
            assertThat(ledger.syncStates().get("owner-a").status()).isEqualTo(SyncStatus.SYNCED);
        }
    }

    @Test
    void testClose() throws Exception {
        CatalogSyncService service =
                CatalogSyncService.create(reconciler, trino, new CatalogSyncSettings(NEVER, NEVER));
        gate = new CountDownLatch(1);
        CompletableFuture<ReconcileReport> running = service.requestSync();
        Await.until("the run started", Duration.ofSeconds(10), () -> desiredCalls.get() == 1);
        CompletableFuture<ReconcileReport> queued = service.requestSync();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(service::close);
        Await.until("the queued run is cancelled", Duration.ofSeconds(10), queued::isCancelled);
        gate.countDown();
        closing.get(60, TimeUnit.SECONDS);
        // the running one was allowed to finish
        assertThat(running.get(60, TimeUnit.SECONDS).trinoReachable()).isTrue();
        assertThat(desiredCalls.get()).isEqualTo(1);
        assertThatThrownBy(service::reconcileNow).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(service::start).isInstanceOf(IllegalStateException.class);
        assertThat(service.requestSync()).isCompletedExceptionally();
    }

    @Test
    void testPortFailureReachesTheCaller() {
        CatalogReconciler failing = new CatalogReconciler(
                trino,
                () -> {
                    throw new IllegalStateException("registry is down");
                },
                ledger,
                Clock.systemUTC());
        try (CatalogSyncService service =
                CatalogSyncService.create(failing, trino, new CatalogSyncSettings(NEVER, NEVER))) {
            assertThatThrownBy(service::reconcileNow)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("registry is down");
            // the service stays usable
            assertThatThrownBy(service::reconcileNow).hasMessage("registry is down");
            assertThat(service.completedRuns()).isEqualTo(2);
        }
    }

    private boolean inTrino(CatalogDefinition catalog) {
        try {
            return trino.listCatalogs().contains(new ActualCatalog(catalog.catalogName(), catalog.connectorName()));
        } catch (TrinoUnavailableException | TrinoQueryFailedException e) {
            return false;
        }
    }

    private String name(String prefix) {
        String name = uniqueCatalogName("svc_" + prefix);
        names.add(name);
        return name;
    }

    private void awaitGate() {
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test gate not opened within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

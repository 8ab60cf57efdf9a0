package io.nexusgateway.catalogsync;

import static io.nexusgateway.catalogsync.trino.TrinoTesting.client;
import static io.nexusgateway.catalogsync.trino.TrinoTesting.connectionProperties;
import static io.nexusgateway.catalogsync.trino.TrinoTesting.uniqueCatalogName;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.catalogsync.trino.ActualCatalog;
import io.nexusgateway.catalogsync.trino.TrinoCatalogClient;
import io.nexusgateway.catalogsync.trino.TrinoTesting;
import io.nexusgateway.connectors.CatalogDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler against the real Trino. The shared Trino also holds other tests' catalogs: they are not in this
 * test's ledger, so they must come out as unmanaged, never touched.
 */
final class TestCatalogReconciler {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private final List<CatalogDefinition> desired = new CopyOnWriteArrayList<>();
    private final InMemorySyncLedger ledger = new InMemorySyncLedger();
    private final List<String> names = new ArrayList<>();
    private TrinoCatalogClient trino;
    private CatalogReconciler reconciler;

    @BeforeEach
    void setUp() {
        trino = client();
        reconciler = new CatalogReconciler(trino, () -> List.copyOf(desired), ledger, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        names.forEach(trino::drop);
        trino.close();
    }

    @Test
    void testCreatesThenLeavesAlone() {
        CatalogDefinition sales = tpch("sales", "owner-a", 0);
        CatalogDefinition hr = tpch("hr", "owner-b", 0);
        desired.addAll(List.of(sales, hr));

        ReconcileReport first = reconciler.reconcile();
        assertThat(first.trinoReachable()).isTrue();
        assertThat(first.created()).containsExactlyInAnyOrder(sales.catalogName(), hr.catalogName());
        assertThat(first.failed()).isEmpty();
        assertThat(first.unmanaged()).contains("system").doesNotContain(sales.catalogName(), hr.catalogName());
        assertThat(first.catalogDurations()).containsKeys(sales.catalogName(), hr.catalogName());
        assertThat(trino.listCatalogs())
                .contains(new ActualCatalog(sales.catalogName(), "tpch"), new ActualCatalog(hr.catalogName(), "tpch"));
        assertThat(ledger.ownedCatalogs().get(sales.catalogName()))
                .isEqualTo(new OwnedCatalog(sales.catalogName(), "owner-a", "tpch", sales.fingerprint(), NOW));
        assertThat(ledger.syncStates().get("owner-a"))
                .isEqualTo(new SyncState("owner-a", SyncStatus.SYNCED, null, NOW, NOW));

        ReconcileReport second = reconciler.reconcile();
        assertThat(second.succeeded()).isTrue();
        assertThat(second.changedTrino()).isFalse();
        assertThat(second.unchanged()).containsExactlyInAnyOrder(sales.catalogName(), hr.catalogName());
    }

    @Test
    void testCreatesInParallel() {
        CatalogReconciler parallel =
                new CatalogReconciler(trino, () -> List.copyOf(desired), ledger, Clock.fixed(NOW, ZoneOffset.UTC), 4);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            CatalogDefinition catalog = tpch("par" + i, "owner-" + i, 0);
            desired.add(catalog);
            expected.add(catalog.catalogName());
        }

        ReconcileReport report = parallel.reconcile();
        assertThat(report.failed()).isEmpty();
        assertThat(report.created()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(report.catalogDurations()).containsKeys(expected.toArray(String[]::new));
        assertThat(ledger.ownedCatalogs()).containsKeys(expected.toArray(String[]::new));
        assertThat(trino.listCatalogs()).extracting(ActualCatalog::catalogName).containsAll(expected);
        assertThat(parallel.reconcile().unchanged()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void testRecreatesWhenFingerprintChanges() {
        CatalogDefinition sales = tpch("sales", "owner-a", 0);
        desired.add(sales);
        reconciler.reconcile();

        // the registry bumped the secret version: same properties, new fingerprint
        CatalogDefinition newPassword =
                CatalogDefinition.of(sales.catalogName(), "tpch", sales.properties(), sales.ownerId(), 1);
        desired.set(0, newPassword);
        ReconcileReport report = reconciler.reconcile();
        assertThat(report.recreated()).containsExactly(sales.catalogName());
        assertThat(ledger.ownedCatalogs().get(sales.catalogName()).fingerprint())
                .isEqualTo(newPassword.fingerprint());

        // a changed property is applied the same way
        CatalogDefinition tuned = CatalogDefinition.of(
                sales.catalogName(), "tpch", Map.of("tpch.splits-per-node", "3"), sales.ownerId(), 1);
        desired.set(0, tuned);
        assertThat(reconciler.reconcile().recreated()).containsExactly(sales.catalogName());
        assertThat(reconciler.reconcile().unchanged()).containsExactly(sales.catalogName());
    }

    @Test
    void testRecreatesWhenTrinoHasAnotherConnector() {
        CatalogDefinition sales = tpch("sales", "owner-a", 0);
        desired.add(sales);
        reconciler.reconcile();
        // replaced behind Nexus' back with another connector of the same name
        trino.drop(sales.catalogName());
        trino.create(CatalogDefinition.of(
                sales.catalogName(),
                "postgresql",
                Map.of("connection-url", "jdbc:postgresql://127.0.0.1:1/x", "connection-user", "x"),
                "someone",
                0));
        assertThat(reconciler.overview().row(sales.catalogName()).status()).isEqualTo(CatalogStatus.DRIFTED);

        ReconcileReport report = reconciler.reconcile();
        assertThat(report.recreated()).containsExactly(sales.catalogName());
        assertThat(trino.listCatalogs()).contains(new ActualCatalog(sales.catalogName(), "tpch"));
    }

    @Test
    void testRecreatesWhatWasDroppedOutsideNexus() {
        CatalogDefinition sales = tpch("sales", "owner-a", 0);
        desired.add(sales);
        reconciler.reconcile();
        trino.drop(sales.catalogName());
        assertThat(reconciler.overview().row(sales.catalogName()).status()).isEqualTo(CatalogStatus.MISSING_IN_TRINO);

        assertThat(reconciler.reconcile().created()).containsExactly(sales.catalogName());
        assertThat(reconciler.overview().row(sales.catalogName()).status()).isEqualTo(CatalogStatus.SYNCED);
    }

    @Test
    void testDropsWhatIsNoLongerWanted() {
        CatalogDefinition sales = tpch("sales", "owner-a", 0);
        CatalogDefinition hr = tpch("hr", "owner-b", 0);
        desired.addAll(List.of(sales, hr));
        reconciler.reconcile();

        desired.remove(hr);
        assertThat(reconciler.overview().row(hr.catalogName()).status()).isEqualTo(CatalogStatus.ORPHANED_IN_TRINO);
        ReconcileReport report = reconciler.reconcile();
        assertThat(report.dropped()).containsExactly(hr.catalogName());
        assertThat(report.unchanged()).containsExactly(sales.catalogName());
        assertThat(trino.listCatalogs()).extracting(ActualCatalog::catalogName).doesNotContain(hr.catalogName());
        assertThat(ledger.ownedCatalogs()).doesNotContainKey(hr.catalogName());
        assertThat(reconciler.overview().row(hr.catalogName())).isNull();

        // owned, unwanted and already gone: forgotten without a DROP
        desired.clear();
        trino.drop(sales.catalogName());
        ReconcileReport afterManualDrop = reconciler.reconcile();
        assertThat(afterManualDrop.dropped()).isEmpty();
        assertThat(ledger.ownedCatalogs()).isEmpty();
    }

    @Test
    void testNeverTouchesUnmanagedCatalogs() {
        // a catalog someone else made in Trino: not in the ledger
        CatalogDefinition foreign = tpch("foreign", "someone", 0);
        trino.create(foreign);
        ReconcileReport report = reconciler.reconcile();
        assertThat(report.unmanaged()).contains(foreign.catalogName(), "system");
        assertThat(report.dropped()).isEmpty();
        assertThat(trino.listCatalogs()).contains(new ActualCatalog(foreign.catalogName(), "tpch"));
        assertThat(reconciler.overview().row(foreign.catalogName()).status()).isEqualTo(CatalogStatus.UNMANAGED);
        assertThat(reconciler.overview().row("system").status()).isEqualTo(CatalogStatus.UNMANAGED);

        // a datasource that wants the same name fails instead of taking it over
        CatalogDefinition clash = CatalogDefinition.of(foreign.catalogName(), "tpch", Map.of(), "owner-c", 0);
        desired.add(clash);
        ReconcileReport clashReport = reconciler.reconcile();
        assertThat(clashReport.failed().get(foreign.catalogName()))
                .contains("already exists in Trino (connector tpch) and is not managed by Nexus");
        assertThat(ledger.syncStates().get("owner-c").status()).isEqualTo(SyncStatus.FAILED);
        assertThat(ledger.ownedCatalogs()).doesNotContainKey(foreign.catalogName());
        CatalogOverview.Row row = reconciler.overview().row(foreign.catalogName());
        assertThat(row.status()).isEqualTo(CatalogStatus.FAILED);
        assertThat(row.lastError()).contains("not managed by Nexus");
    }

    @Test
    void testOneFailureDoesNotBlockTheOthers() {
        CatalogDefinition good = tpch("good", "owner-a", 0);
        CatalogDefinition bad =
                CatalogDefinition.of(uniqueName("bad"), "tpch", Map.of("tpch.no-such-property", "1"), "owner-b", 0);
        CatalogDefinition alsoGood = tpch("zgood", "owner-c", 0);
        desired.addAll(List.of(good, bad, alsoGood));

        ReconcileReport report = reconciler.reconcile();
        assertThat(report.trinoReachable()).isTrue();
        assertThat(report.created()).containsExactlyInAnyOrder(good.catalogName(), alsoGood.catalogName());
        assertThat(report.failed()).containsOnlyKeys(bad.catalogName());
        assertThat(report.failed().get(bad.catalogName()))
                .contains("Configuration property 'tpch.no-such-property' was not used");
        SyncState failed = ledger.syncStates().get("owner-b");
        assertThat(failed.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(failed.lastError()).contains("tpch.no-such-property").doesNotContain("Query failed");
        assertThat(ledger.syncStates().get("owner-a").status()).isEqualTo(SyncStatus.SYNCED);
        assertThat(reconciler.overview().row(bad.catalogName()).status()).isEqualTo(CatalogStatus.FAILED);

        // fixed in the registry: the next run creates it and clears the error
        CatalogDefinition fixed = tpch(bad.catalogName(), "owner-b");
        desired.set(1, fixed);
        ReconcileReport fixedReport = reconciler.reconcile();
        assertThat(fixedReport.created()).containsExactly(bad.catalogName());
        assertThat(ledger.syncStates().get("owner-b"))
                .isEqualTo(new SyncState("owner-b", SyncStatus.SYNCED, null, NOW, NOW));
    }

    @Test
    void testDuplicateNamesFailAllButTheOwner() {
        CatalogDefinition first = tpch("dup", "owner-a", 0);
        desired.add(first);
        reconciler.reconcile();
        desired.add(CatalogDefinition.of(first.catalogName(), "tpch", Map.of(), "owner-b", 0));
        ReconcileReport report = reconciler.reconcile();
        assertThat(report.unchanged()).containsExactly(first.catalogName());
        assertThat(report.failed().get(first.catalogName())).contains("wanted by several datasources");
        assertThat(ledger.syncStates().get("owner-a").status()).isEqualTo(SyncStatus.SYNCED);
        assertThat(ledger.syncStates().get("owner-b").status()).isEqualTo(SyncStatus.FAILED);
    }

    @Test
    void testInterruptedCreateIsRepeated() {
        // a crash between the claim and the create (or a create that timed out) leaves a claim without fingerprint
        CatalogDefinition sales = tpch("sales", "owner-a", 0);
        desired.add(sales);
        ledger.recordClaim(sales.catalogName(), "owner-a", "tpch", NOW);
        trino.create(sales);
        ReconcileReport report = reconciler.reconcile();
        assertThat(report.recreated()).containsExactly(sales.catalogName());
        assertThat(report.unmanaged()).doesNotContain(sales.catalogName());
        assertThat(ledger.ownedCatalogs().get(sales.catalogName()).fingerprint())
                .isEqualTo(sales.fingerprint());
    }

    @Test
    void testUnreachableTrino() {
        CatalogDefinition synced = tpch("synced", "owner-a", 0);
        desired.add(synced);
        reconciler.reconcile();
        CatalogDefinition fresh = tpch("fresh", "owner-b", 0);
        desired.add(fresh);

        try (TrinoCatalogClient absent = new TrinoCatalogClient(
                TrinoTesting.unusedTrinoUrl(), connectionProperties(), Duration.ofSeconds(10), Clock.systemUTC())) {
            CatalogReconciler blind =
                    new CatalogReconciler(absent, () -> List.copyOf(desired), ledger, Clock.fixed(NOW, ZoneOffset.UTC));
            ReconcileReport report = blind.reconcile();
            assertThat(report.trinoReachable()).isFalse();
            assertThat(report.trinoError()).startsWith("Trino is unavailable:").contains("unreachable");
            assertThat(report.succeeded()).isFalse();
            // what was in sync stays SYNCED; what never synced is FAILED with the reason
            assertThat(report.failed()).containsOnlyKeys(fresh.catalogName());
            assertThat(ledger.syncStates().get("owner-a").status()).isEqualTo(SyncStatus.SYNCED);
            assertThat(ledger.syncStates().get("owner-b").status()).isEqualTo(SyncStatus.FAILED);
            assertThat(ledger.syncStates().get("owner-b").lastError()).startsWith("Trino is unavailable:");

            CatalogOverview overview = blind.overview();
            assertThat(overview.trinoReachable()).isFalse();
            assertThat(overview.row(synced.catalogName()).status()).isEqualTo(CatalogStatus.SYNCED);
            assertThat(overview.row(fresh.catalogName()).status()).isEqualTo(CatalogStatus.FAILED);
        }

        // Trino back: the pending one is created, the error cleared
        ReconcileReport healed = reconciler.reconcile();
        assertThat(healed.created()).containsExactly(fresh.catalogName());
        assertThat(ledger.syncStates().get("owner-b").status()).isEqualTo(SyncStatus.SYNCED);
    }

    @Test
    void testOverviewAfterSync() {
        CatalogDefinition sales = tpch("sales", "owner-a", 0);
        desired.add(sales);
        reconciler.reconcile();
        CatalogOverview overview = reconciler.overview();
        assertThat(overview.trinoReachable()).isTrue();
        assertThat(overview.row(sales.catalogName()))
                .isEqualTo(new CatalogOverview.Row(
                        sales.catalogName(),
                        CatalogStatus.SYNCED,
                        "owner-a",
                        "tpch",
                        "tpch",
                        SyncStatus.SYNCED,
                        null,
                        NOW));
        assertThat(overview.catalogs())
                .extracting(CatalogOverview.Row::catalogName)
                .isSorted();

        ledger.recordPending("owner-a", NOW);
        desired.set(
                0,
                CatalogDefinition.of(sales.catalogName(), "tpch", Map.of("tpch.splits-per-node", "5"), "owner-a", 0));
        assertThat(reconciler.overview().row(sales.catalogName()).status()).isEqualTo(CatalogStatus.DRIFTED);
        assertThat(reconciler.overview().row(sales.catalogName()).syncStatus()).isEqualTo(SyncStatus.PENDING);
    }

    private CatalogDefinition tpch(String prefix, String ownerId, long secretVersion) {
        return CatalogDefinition.of(uniqueName(prefix), "tpch", Map.of(), ownerId, secretVersion);
    }

    private CatalogDefinition tpch(String catalogName, String ownerId) {
        return CatalogDefinition.of(catalogName, "tpch", Map.of(), ownerId, 0);
    }

    private String uniqueName(String prefix) {
        String name = uniqueCatalogName("rec_" + prefix);
        names.add(name);
        return name;
    }
}

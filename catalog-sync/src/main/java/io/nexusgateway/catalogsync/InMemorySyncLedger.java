package io.nexusgateway.catalogsync;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.connectors.CatalogDefinition;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** A {@link SyncLedger} in memory, for tests and single-process tools: it forgets everything on restart. */
public final class InMemorySyncLedger implements SyncLedger {
    private final Map<String, OwnedCatalog> owned = new TreeMap<>();
    private final Map<String, SyncState> states = new TreeMap<>();

    @Override
    public synchronized Map<String, OwnedCatalog> ownedCatalogs() {
        return Map.copyOf(owned);
    }

    @Override
    public synchronized Map<String, SyncState> syncStates() {
        return Map.copyOf(states);
    }

    @Override
    public synchronized void recordClaim(String catalogName, String ownerId, String connectorName, Instant at) {
        owned.put(catalogName, new OwnedCatalog(catalogName, ownerId, connectorName, null, at));
    }

    @Override
    public synchronized void recordApplied(CatalogDefinition catalog, Instant at) {
        requireNonNull(catalog, "catalog is null");
        owned.put(
                catalog.catalogName(),
                new OwnedCatalog(
                        catalog.catalogName(), catalog.ownerId(), catalog.connectorName(), catalog.fingerprint(), at));
        states.put(catalog.ownerId(), new SyncState(catalog.ownerId(), SyncStatus.SYNCED, null, at, at));
    }

    @Override
    public synchronized void recordInSync(String ownerId, Instant at) {
        states.put(ownerId, new SyncState(ownerId, SyncStatus.SYNCED, null, at, at));
    }

    @Override
    public synchronized void recordFailure(String ownerId, String error, Instant at) {
        requireNonNull(error, "error is null");
        states.put(ownerId, new SyncState(ownerId, SyncStatus.FAILED, error, lastSyncedAt(ownerId), at));
    }

    @Override
    public synchronized void recordPending(String ownerId, Instant at) {
        SyncState previous = states.get(ownerId);
        String lastError = previous == null ? null : previous.lastError();
        states.put(ownerId, new SyncState(ownerId, SyncStatus.PENDING, lastError, lastSyncedAt(ownerId), at));
    }

    @Override
    public synchronized void recordDropped(String catalogName, Instant at) {
        owned.remove(catalogName);
    }

    @Override
    public synchronized void forgetOwner(String ownerId) {
        states.remove(ownerId);
    }

    private @Nullable Instant lastSyncedAt(String ownerId) {
        SyncState previous = states.get(ownerId);
        return previous == null ? null : previous.lastSyncedAt();
    }
}

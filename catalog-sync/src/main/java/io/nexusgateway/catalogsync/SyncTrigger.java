package io.nexusgateway.catalogsync;

import java.util.Locale;

/** What started a catalog sync run; the log names it. */
enum SyncTrigger {
    /** {@link CatalogSyncService#start()}. */
    START,
    /** The periodic loop. */
    PERIODIC,
    /** {@link CatalogSyncService#reconcileNow()}. */
    ON_DEMAND,
    /** {@link CatalogSyncService#requestSync()}: the registry after a datasource changed. */
    REQUESTED,
    /** The watcher saw Trino answer again. */
    TRINO_UP_AGAIN,
    /** The watcher saw a new Trino instance. */
    TRINO_RESTARTED;

    /**
     * Whether the run also looks for catalogs Trino loaded disabled ({@link CatalogReconciler#reconcile(boolean)}); a
     * registry's request, which follows every change, does not.
     */
    boolean probesDisabled() {
        return switch (this) {
            case START, PERIODIC, ON_DEMAND, TRINO_UP_AGAIN, TRINO_RESTARTED -> true;
            case REQUESTED -> false;
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}

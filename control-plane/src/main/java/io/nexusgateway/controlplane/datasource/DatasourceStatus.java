package io.nexusgateway.controlplane.datasource;

import java.util.Locale;
import java.util.Optional;

/**
 * A datasource's status. The registry stores {@link #ACTIVE} or {@link #INACTIVE} ({@code data_sources.status}); the
 * API shows {@link #ERROR} for an active datasource whose last catalog sync failed.
 */
public enum DatasourceStatus {
    /** Its catalog is wanted in Trino and it takes queries. */
    ACTIVE,
    /** Registered, but no catalog and no queries. */
    INACTIVE,
    /** Active, but its catalog's last sync failed: only ever shown, never stored. */
    ERROR;

    /** The name in the API and the metadata store: {@code active}, {@code inactive}, {@code error}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status {@code wire} names (case as stored: lowercase), if any. */
    public static Optional<DatasourceStatus> fromWire(String wire) {
        for (DatasourceStatus status : values()) {
            if (status.wire().equals(wire)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** Whether a request may set it: {@link #ERROR} is the sync's verdict, not a setting. */
    boolean settable() {
        return switch (this) {
            case ACTIVE, INACTIVE -> true;
            case ERROR -> false;
        };
    }
}

package io.nexusgateway.engines.livy;

import java.util.Locale;

/** A Livy session's state as {@code GET /batches/{id}} names it (Livy's {@code SessionState}). */
enum LivyBatchState {
    NOT_STARTED,
    STARTING,
    RECOVERING,
    IDLE,
    RUNNING,
    BUSY,
    SHUTTING_DOWN,
    ERROR,
    DEAD,
    KILLED,
    SUCCESS;

    static LivyBatchState of(String state) {
        try {
            return valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Livy reports an unknown batch state '" + state + "'", e);
        }
    }
}

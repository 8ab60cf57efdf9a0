package io.nexusgateway.controlplane.job;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.engines.Engine;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A row of {@code jobs}. */
record JobRow(
        UUID id,
        String name,
        String owner,
        @Nullable String idempotencyKey,
        String requestFingerprint,
        JobKind kind,
        String query,
        String targetCatalog,
        String targetSchema,
        String targetTable,
        String writeMode,
        boolean streaming,
        List<String> inputs,
        @Nullable Engine requestedEngine,
        Engine engine,
        String routingReason,
        @Nullable String adapter,
        JobState state,
        @Nullable String engineJobId,
        @Nullable String engineHandle,
        @Nullable String uiUrl,
        @Nullable Double progressPercent,
        @Nullable Long rowsWritten,
        @Nullable Long bytesRead,
        @Nullable String errorCode,
        @Nullable String errorMessage,
        boolean cancelRequested,
        Instant createdAt,
        @Nullable Instant submittedAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        Instant updatedAt,
        long version) {
    JobRow {
        requireNonNull(id, "id is null");
        requireNonNull(state, "state is null");
        inputs = List.copyOf(inputs);
    }
}

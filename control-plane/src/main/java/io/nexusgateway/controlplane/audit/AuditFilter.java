package io.nexusgateway.controlplane.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /api/v1/audit} narrows to; every part is optional and they combine with AND.
 *
 * @param catalog the datasource's catalog (the API also accepts the datasource's name)
 * @param from start time at or after, inclusive
 * @param to start time before, exclusive
 * @param text a case-insensitive substring of the (redacted) query text
 */
public record AuditFilter(
        @Nullable String user,
        @Nullable String catalog,
        @Nullable AuditState state,
        @Nullable Instant from,
        @Nullable Instant to,
        @Nullable String correlationId,
        @Nullable String text) {}

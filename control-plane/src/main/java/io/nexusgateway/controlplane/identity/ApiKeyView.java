package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An API key as listed: never the key itself. */
public record ApiKeyView(
        UUID id,
        String name,
        String user,
        Instant createdAt,
        @Nullable Instant expiresAt,
        @Nullable Instant revokedAt,
        @Nullable Instant lastUsedAt) {
    public ApiKeyView {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(user, "user is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}

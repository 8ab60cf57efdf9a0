package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A row of {@code api_keys} with its owner's username. */
record ApiKeyRow(
        UUID id,
        UUID userId,
        String username,
        String name,
        String keyHash,
        Instant createdAt,
        @Nullable Instant expiresAt,
        @Nullable Instant revokedAt,
        @Nullable Instant lastUsedAt) {
    ApiKeyRow {
        requireNonNull(id, "id is null");
        requireNonNull(userId, "userId is null");
        requireNonNull(username, "username is null");
        requireNonNull(name, "name is null");
        requireNonNull(keyHash, "keyHash is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    ApiKeyView toView() {
        return new ApiKeyView(id, name, username, createdAt, expiresAt, revokedAt, lastUsedAt);
    }
}

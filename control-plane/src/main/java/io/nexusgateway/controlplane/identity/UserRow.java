package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A row of {@code users}. */
record UserRow(
        UUID id,
        String username,
        @Nullable String displayName,
        @Nullable String passwordHash,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt,
        long version) {
    UserRow {
        requireNonNull(id, "id is null");
        requireNonNull(username, "username is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    @Override
    public String toString() {
        return "UserRow[username=" + username + ", enabled=" + enabled + ", version=" + version + "]";
    }
}

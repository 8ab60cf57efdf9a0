package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The answer to creating an API key: the only time {@code key} is shown. */
public record CreatedApiKey(
        UUID id,
        String key,
        String name,
        String user,
        Instant createdAt,
        @Nullable Instant expiresAt) {
    public CreatedApiKey {
        requireNonNull(id, "id is null");
        requireNonNull(key, "key is null");
        requireNonNull(name, "name is null");
        requireNonNull(user, "user is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    @Override
    public String toString() {
        return "CreatedApiKey[id=" + id + ", name=" + name + ", user=" + user + "]";
    }
}

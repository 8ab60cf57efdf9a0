package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A user as the API shows it: never the password or its hash, only whether one is set. */
public record UserView(
        String username,
        @Nullable String displayName,
        boolean enabled,
        List<String> roles,
        List<String> groups,
        boolean passwordSet,
        Instant createdAt,
        Instant updatedAt,
        long version) {
    public UserView {
        requireNonNull(username, "username is null");
        roles = List.copyOf(roles);
        groups = List.copyOf(groups);
    }
}

package io.nexusgateway.controlplane.identity;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/v1/users} (all fields) and {@code PATCH /api/v1/users/{username}} (what is present changes; the
 * username cannot).
 */
public record UserRequest(
        @Nullable String username,
        @Nullable String password,
        @Nullable String displayName,
        @Nullable List<String> roles,
        @Nullable List<String> groups,
        @Nullable Boolean enabled) {
    @Override
    public String toString() {
        // never the password
        return "UserRequest[username=" + username + ", roles=" + roles + ", groups=" + groups + "]";
    }
}

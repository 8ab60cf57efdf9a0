package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import java.security.Principal;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The authenticated user of a request, as the metadata store says now (not as a token claimed).
 *
 * @param method how they authenticated: {@code api-key} or {@code access-token}
 * @param credentialId the API key's id or the token's {@code jti}
 */
public record Caller(
        String username,
        Set<Role> roles,
        List<String> groups,
        String method,
        @Nullable String credentialId) implements Principal {
    public static final String API_KEY = "api-key";
    public static final String ACCESS_TOKEN = "access-token";

    public Caller {
        requireNonNull(username, "username is null");
        roles = Set.copyOf(roles);
        groups = List.copyOf(groups);
        requireNonNull(method, "method is null");
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    @Override
    public String getName() {
        return username;
    }

    /** Role ids, sorted: {@code ["admin", "user"]}. */
    public List<String> roleIds() {
        return roles.stream().map(Role::id).sorted().toList();
    }
}

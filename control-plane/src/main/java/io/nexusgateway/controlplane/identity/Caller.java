package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The authenticated user of a request, as the metadata store says now (not as a token claimed).
 *
 * @param method how they authenticated: {@code api-key} or {@code access-token}
 * @param credentialId the API key's id or the token's {@code jti}
 * @param apiKey the API key behind the credential: the key itself, or the key an access token was exchanged for
 */
public record Caller(
        String username,
        Set<Role> roles,
        List<String> groups,
        String method,
        @Nullable String credentialId,
        @Nullable BackingKey apiKey)
        implements Principal {
    public static final String API_KEY = "api-key";
    public static final String ACCESS_TOKEN = "access-token";

    public Caller {
        requireNonNull(username, "username is null");
        roles = Set.copyOf(roles);
        groups = List.copyOf(groups);
        requireNonNull(method, "method is null");
    }

    public Caller(String username, Set<Role> roles, List<String> groups, String method, @Nullable String credentialId) {
        this(username, roles, groups, method, credentialId, null);
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

    /** The API key a request's credential rests on, and when it expires (never: null). */
    public record BackingKey(UUID id, @Nullable Instant expiresAt) {
        public BackingKey {
            requireNonNull(id, "id is null");
        }
    }
}

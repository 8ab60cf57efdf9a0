package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A user as the Trino plugin's policy sees them: enough to refuse a disabled user, tell admins apart and refuse a
 * token whose API key was revoked.
 *
 * @param revokedApiKeys ids of the user's API keys revoked or expired within the last {@code max-token-lifetime},
 *     sorted: tokens exchanged for them may not have expired yet
 */
public record PolicyUser(
        String username, boolean enabled, List<String> roles, List<String> groups, List<String> revokedApiKeys) {
    public PolicyUser {
        requireNonNull(username, "username is null");
        roles = List.copyOf(roles);
        groups = List.copyOf(groups);
        revokedApiKeys = List.copyOf(revokedApiKeys);
    }
}

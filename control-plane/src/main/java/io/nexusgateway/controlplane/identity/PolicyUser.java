package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A user as the Trino plugin's policy sees them: enough to refuse a disabled user and tell admins apart. */
public record PolicyUser(String username, boolean enabled, List<String> roles, List<String> groups) {
    public PolicyUser {
        requireNonNull(username, "username is null");
        roles = List.copyOf(roles);
        groups = List.copyOf(groups);
    }
}

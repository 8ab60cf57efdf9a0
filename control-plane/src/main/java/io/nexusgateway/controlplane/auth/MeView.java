package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Who the caller is.
 *
 * @param authenticatedBy {@code api-key} or {@code access-token}
 */
public record MeView(String username, List<String> roles, List<String> groups, String authenticatedBy) {
    public MeView {
        requireNonNull(username, "username is null");
        roles = List.copyOf(roles);
        groups = List.copyOf(groups);
        requireNonNull(authenticatedBy, "authenticatedBy is null");
    }
}

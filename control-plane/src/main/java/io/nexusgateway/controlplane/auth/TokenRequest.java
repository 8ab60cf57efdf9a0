package io.nexusgateway.controlplane.auth;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /api/v1/auth/token}: a username and password, or nothing (the API key is the bearer).
 *
 * @param expiresIn the lifetime wanted, in seconds (at most {@code nexus.security.jwt.max-token-lifetime})
 */
public record TokenRequest(
        @Nullable String username,
        @Nullable String password,
        @Nullable Long expiresIn) {
    @Override
    public String toString() {
        return "TokenRequest[username=" + username + ", expiresIn=" + expiresIn + "]";
    }
}

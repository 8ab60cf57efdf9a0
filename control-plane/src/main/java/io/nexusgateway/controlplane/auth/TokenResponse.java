package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** An access token as OAuth clients expect it ({@code expiresIn} in seconds), plus whose it is. */
public record TokenResponse(String accessToken, String tokenType, long expiresIn, Instant expiresAt, String username) {
    public TokenResponse {
        requireNonNull(accessToken, "accessToken is null");
        requireNonNull(tokenType, "tokenType is null");
        requireNonNull(expiresAt, "expiresAt is null");
        requireNonNull(username, "username is null");
    }

    @Override
    public String toString() {
        return "TokenResponse[username=" + username + ", expiresAt=" + expiresAt + "]";
    }
}

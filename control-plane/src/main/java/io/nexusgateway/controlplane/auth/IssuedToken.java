package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A signed access token (compact JWS) and when it expires. Never log {@link #token()}. */
public record IssuedToken(String token, Instant expiresAt) {
    public IssuedToken {
        requireNonNull(token, "token is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }

    @Override
    public String toString() {
        return "IssuedToken[expiresAt=" + expiresAt + "]";
    }
}

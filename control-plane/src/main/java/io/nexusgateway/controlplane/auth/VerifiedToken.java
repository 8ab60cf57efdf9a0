package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What a verified access token says. */
public record VerifiedToken(
        String subject,
        List<String> groups,
        String keyId,
        @Nullable String tokenId,
        Instant expiresAt) {
    public VerifiedToken {
        requireNonNull(subject, "subject is null");
        groups = List.copyOf(groups);
        requireNonNull(keyId, "keyId is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }
}

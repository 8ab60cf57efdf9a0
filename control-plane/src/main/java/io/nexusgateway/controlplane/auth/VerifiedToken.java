package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a verified access token says.
 *
 * @param keyId the signing key's id ({@code kid})
 * @param apiKeyId the API key the token was exchanged for ({@code nexus_key_id}), if it was
 */
public record VerifiedToken(
        String subject,
        List<String> groups,
        String keyId,
        @Nullable String tokenId,
        Instant expiresAt,
        @Nullable UUID apiKeyId) {
    public VerifiedToken {
        requireNonNull(subject, "subject is null");
        groups = List.copyOf(groups);
        requireNonNull(keyId, "keyId is null");
        requireNonNull(expiresAt, "expiresAt is null");
    }
}

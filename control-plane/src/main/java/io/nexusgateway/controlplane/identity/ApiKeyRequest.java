package io.nexusgateway.controlplane.identity;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** {@code POST /api/v1/api-keys}; {@code user} only for admins creating a key for someone else. */
public record ApiKeyRequest(
        @Nullable String name,
        @Nullable Instant expiresAt,
        @Nullable String user) {}

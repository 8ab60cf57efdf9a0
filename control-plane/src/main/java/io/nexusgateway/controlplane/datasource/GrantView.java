package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One grant: exactly one of {@code user} and {@code group}. */
public record GrantView(@Nullable String user, @Nullable String group, Instant createdAt) {
    public GrantView {
        requireNonNull(createdAt, "createdAt is null");
    }
}

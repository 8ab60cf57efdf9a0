package io.nexusgateway.controlplane.identity;

import org.jspecify.annotations.Nullable;

/** {@code POST /api/v1/groups}. */
public record GroupRequest(@Nullable String name, @Nullable String description) {}

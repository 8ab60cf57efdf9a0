package io.nexusgateway.controlplane.datasource;

import org.jspecify.annotations.Nullable;

/** {@code {"user":"alice"}} or {@code {"group":"analysts"}}: exactly one. */
public record GrantRequest(@Nullable String user, @Nullable String group) {}

package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A group and its members' usernames, sorted. */
public record GroupView(String name, @Nullable String description, List<String> members, Instant createdAt) {
    public GroupView {
        requireNonNull(name, "name is null");
        members = List.copyOf(members);
        requireNonNull(createdAt, "createdAt is null");
    }
}

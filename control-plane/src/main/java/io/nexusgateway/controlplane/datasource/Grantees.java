package io.nexusgateway.controlplane.datasource;

import java.util.List;

/** Who was granted a datasource: usernames and group names, each sorted. */
public record Grantees(List<String> users, List<String> groups) {
    public static final Grantees NONE = new Grantees(List.of(), List.of());

    public Grantees {
        users = List.copyOf(users);
        groups = List.copyOf(groups);
    }
}

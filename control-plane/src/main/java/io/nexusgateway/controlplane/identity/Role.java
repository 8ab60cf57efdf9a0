package io.nexusgateway.controlplane.identity;

import java.util.Locale;
import java.util.Optional;

/** A user's role; a user may hold both. */
public enum Role {
    ADMIN,
    USER;

    /** The Spring Security authority: {@code ROLE_ADMIN}, {@code ROLE_USER}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The API's spelling: {@code admin}, {@code user}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String value) {
        for (Role role : values()) {
            if (role.id().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}

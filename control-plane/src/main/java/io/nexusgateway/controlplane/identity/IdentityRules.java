package io.nexusgateway.controlplane.identity;

import io.nexusgateway.controlplane.web.StoredText;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What a username, group name, password, display name and role list must be; each failure is an invalid request. */
final class IdentityRules {
    static final int MIN_PASSWORD_LENGTH = 12;
    static final int MAX_PASSWORD_LENGTH = 1024;
    // the latest instant every metadata store keeps (SQL timestamps end with year 9999); later ones cannot be stored
    static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");

    private IdentityRules() {}

    /** A valid username that is not reserved: {@code nexus-*}, {@code trino} and the catalog-sync principal. */
    static String validUsername(@Nullable String username, String syncUser) {
        if (username == null || username.isBlank()) {
            throw IdentityExceptions.invalid("username is required");
        }
        if (!NAME.matcher(username).matches()) {
            throw IdentityExceptions.invalidUsername(username);
        }
        if (username.startsWith("nexus-") || username.equals("trino") || username.equals(syncUser)) {
            throw IdentityExceptions.reservedUsername(username);
        }
        return username;
    }

    static String validGroupName(@Nullable String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw IdentityExceptions.invalid("A group name is lower-case letters, digits, '.', '_' and '-', starting"
                    + " with a letter, at most 64 characters");
        }
        return name;
    }

    static String validPassword(String password, String username) {
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw IdentityExceptions.weakPassword(MIN_PASSWORD_LENGTH);
        }
        if (password.length() > MAX_PASSWORD_LENGTH) {
            throw IdentityExceptions.invalid("The password has more than " + MAX_PASSWORD_LENGTH + " characters");
        }
        if (password.equalsIgnoreCase(username)) {
            throw IdentityExceptions.passwordIsUsername();
        }
        return password;
    }

    static @Nullable String validDisplayName(@Nullable String displayName) {
        if (displayName != null && displayName.length() > 256) {
            throw IdentityExceptions.invalid("displayName has more than 256 characters");
        }
        if (displayName != null) {
            requireStorable("displayName", StoredText.lineProblem(displayName));
        }
        return displayName;
    }

    static void requireStorable(String field, Optional<String> problem) {
        if (problem.isPresent()) {
            throw IdentityExceptions.invalid(field + " " + problem.get());
        }
    }

    static Set<Role> validRoles(List<String> roles) {
        if (roles.isEmpty()) {
            throw IdentityExceptions.invalid("roles must name at least one of: admin, user");
        }
        Set<Role> parsed = EnumSet.noneOf(Role.class);
        for (String role : roles) {
            parsed.add(Role.parse(role == null ? "" : role)
                    .orElseThrow(() -> IdentityExceptions.invalid("Unknown role '" + role + "': admin or user")));
        }
        return parsed;
    }

    static List<String> roleIds(Collection<Role> roles) {
        return roles.stream().map(Role::id).sorted().toList();
    }

    /** Now, as the metadata stores keep it (microseconds). */
    static Instant storedNow(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}

package io.nexusgateway.controlplane.identity;

import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import java.time.Instant;
import java.util.Map;

/** The identity feature's errors, by name. */
public final class IdentityExceptions {
    /** One message for every failed login: the caller cannot tell a wrong password from an unknown user. */
    public static final String INVALID_CREDENTIALS = "Invalid username or password";

    private IdentityExceptions() {}

    public static NexusException invalidCredentials() {
        return new NexusException(ProblemType.INVALID_CREDENTIALS, INVALID_CREDENTIALS);
    }

    static NexusException invalid(String detail) {
        return new NexusException(ProblemType.INVALID_IDENTITY_REQUEST, detail);
    }

    static NexusException invalidApiKeyExpiry(String detail, Instant latest) {
        return new NexusException(
                ProblemType.INVALID_API_KEY_EXPIRY,
                detail,
                Map.of("field", "expiresAt", "maxExpiresAt", latest.toString()));
    }

    static NexusException invalidUsername(String username) {
        return new NexusException(
                ProblemType.INVALID_USERNAME,
                "Username '" + username + "' is not valid: lower-case letters, digits, '.', '_' and '-', starting"
                        + " with a letter, at most 64 characters (it is the user's Trino user name)");
    }

    static NexusException reservedUsername(String username) {
        return new NexusException(
                ProblemType.RESERVED_USERNAME,
                "Username '" + username + "' is reserved for Nexus' own principals (nexus-*, trino)");
    }

    static NexusException weakPassword(int minimumLength) {
        return new NexusException(
                ProblemType.WEAK_PASSWORD, "The password must have at least " + minimumLength + " characters");
    }

    static NexusException passwordIsUsername() {
        return new NexusException(ProblemType.WEAK_PASSWORD, "The password must not be the username");
    }

    public static NexusException userNotFound(String username) {
        return new NexusException(ProblemType.USER_NOT_FOUND, "No user '" + username + "'");
    }

    static NexusException userConflict(String username) {
        return new NexusException(ProblemType.USER_NAME_CONFLICT, "A user '" + username + "' exists already");
    }

    public static NexusException groupNotFound(String name) {
        return new NexusException(ProblemType.GROUP_NOT_FOUND, "No group '" + name + "'");
    }

    static NexusException groupConflict(String name) {
        return new NexusException(ProblemType.GROUP_NAME_CONFLICT, "A group '" + name + "' exists already");
    }

    static NexusException apiKeyNotFound(String id) {
        return new NexusException(ProblemType.API_KEY_NOT_FOUND, "No API key " + id);
    }

    static NexusException forbidden(String detail) {
        return new NexusException(ProblemType.FORBIDDEN, detail);
    }

    static NexusException staleVersion(String username, long expected, long actual) {
        return new NexusException(
                ProblemType.VERSION_CONFLICT,
                "User '" + username + "' is at version " + actual + ", not " + expected + ": read it again");
    }
}

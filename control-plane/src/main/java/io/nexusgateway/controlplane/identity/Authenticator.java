package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The checks behind authentication: who is behind an API key, a verified access token or a password. The lookups
 * made on every request go through the {@link IdentityCache}.
 */
@Service
public class Authenticator {
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final IdentityRepository repository;
    private final IdentityCache cache;
    private final PasswordHasher passwords = new PasswordHasher();
    private final Clock clock;

    Authenticator(IdentityRepository repository, IdentityCache cache, Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The caller behind an API key: not revoked, not expired, owner enabled. */
    public Caller authenticateApiKey(String key) {
        String hash = ApiKeys.hash(key);
        ApiKeyRow row = cache.get("key:" + hash, () -> repository.findApiKeyByHash(hash))
                .orElseThrow(() -> new CredentialRejectedException("API key not valid"));
        Instant now = clock.instant();
        if (row.revokedAt() != null) {
            throw new CredentialRejectedException("API key revoked");
        }
        if (row.expiresAt() != null && !row.expiresAt().isAfter(now)) {
            throw new CredentialRejectedException("API key expired");
        }
        Caller caller = activeUser(
                row.username(), Caller.API_KEY, row.id().toString(), new Caller.BackingKey(row.id(), row.expiresAt()));
        if (row.lastUsedAt() == null || row.lastUsedAt().plus(TOUCH_INTERVAL).isBefore(now)) {
            // at most one write per key and minute, whatever the request rate
            repository.touchApiKey(row.id(), now.truncatedTo(ChronoUnit.MICROS));
            cache.remove("key:" + hash);
        }
        return caller;
    }

    /**
     * The caller behind a verified access token: its user must exist and be enabled now, and a token exchanged for an
     * API key ({@code apiKeyId}) lives only as long as that key: revoked, expired or gone, the token is refused.
     */
    public Caller tokenUser(String username, @Nullable String tokenId, @Nullable UUID apiKeyId) {
        if (apiKeyId == null) {
            return activeUser(username, Caller.ACCESS_TOKEN, tokenId);
        }
        ApiKeyRow key = cache.get("key-id:" + apiKeyId, () -> repository.findApiKey(apiKeyId))
                .filter(row -> row.username().equals(username))
                .orElseThrow(() -> new CredentialRejectedException("the API key of this token no longer exists"));
        if (key.revokedAt() != null) {
            throw new CredentialRejectedException("the API key of this token was revoked");
        }
        if (key.expiresAt() != null && !key.expiresAt().isAfter(clock.instant())) {
            throw new CredentialRejectedException("the API key of this token expired");
        }
        return activeUser(username, Caller.ACCESS_TOKEN, tokenId, new Caller.BackingKey(key.id(), key.expiresAt()));
    }

    /** The caller behind a verified token's subject: the user must exist and be enabled now. */
    public Caller activeUser(String username, String method, @Nullable String credentialId) {
        return activeUser(username, method, credentialId, null);
    }

    private Caller activeUser(
            String username, String method, @Nullable String credentialId, Caller.@Nullable BackingKey apiKey) {
        Snapshot snapshot = cache.get("user:" + username, () -> repository
                        .findUser(username)
                        .map(row -> new Snapshot(
                                row.enabled(),
                                Set.copyOf(repository.roles(row.id())),
                                repository.groupNames(row.id()))))
                .orElseThrow(() -> new CredentialRejectedException("user unknown"));
        if (!snapshot.enabled()) {
            throw new CredentialRejectedException("user disabled");
        }
        return new Caller(username, snapshot.roles(), snapshot.groups(), method, credentialId, apiKey);
    }

    /**
     * Checks a username and password. Every failure (unknown user, no password set, wrong password, disabled) is
     * the same {@code INVALID_CREDENTIALS} problem and costs one Argon2 check, so neither answer nor timing tells
     * which.
     */
    public Caller authenticatePassword(String username, String password) {
        Optional<UserRow> row = repository.findUser(username);
        boolean matches =
                passwords.matches(password, row.map(UserRow::passwordHash).orElse(null));
        if (row.isEmpty() || !matches || !row.get().enabled()) {
            throw IdentityExceptions.invalidCredentials();
        }
        return new Caller(
                username,
                Set.copyOf(repository.roles(row.get().id())),
                repository.groupNames(row.get().id()),
                "password",
                null);
    }

    private record Snapshot(boolean enabled, Set<Role> roles, List<String> groups) {}
}

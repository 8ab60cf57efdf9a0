package io.nexusgateway.controlplane.identity;

import static io.nexusgateway.controlplane.identity.IdentityRules.LATEST_EXPIRY;
import static io.nexusgateway.controlplane.identity.IdentityRules.requireStorable;
import static io.nexusgateway.controlplane.identity.IdentityRules.storedNow;
import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.web.StoredText;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** API keys: created for the caller (or by an admin for anyone), listed, revoked; only their hashes are stored. */
@Service
class ApiKeyService {
    private static final Logger log = LoggerFactory.getLogger(ApiKeyService.class);

    private final IdentityRepository repository;
    private final IdentityCache cache;
    private final NexusProperties properties;
    private final Clock clock;

    ApiKeyService(IdentityRepository repository, IdentityCache cache, NexusProperties properties, Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A new key for the caller, or (admins only) for {@code request.user()}; the key is in the answer and nowhere else. */
    public CreatedApiKey createApiKey(ApiKeyRequest request, Caller actor) {
        String owner = request.user() == null ? actor.username() : request.user();
        if (!owner.equals(actor.username()) && !actor.isAdmin()) {
            throw IdentityExceptions.forbidden("Only an admin may create an API key for another user");
        }
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty() || name.length() > 128) {
            throw IdentityExceptions.invalid("name is required (at most 128 characters): what the key is for");
        }
        requireStorable("name", StoredText.lineProblem(name));
        Instant now = storedNow(clock);
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw IdentityExceptions.invalid("expiresAt must be in the future");
        }
        if (request.expiresAt() != null && request.expiresAt().isAfter(LATEST_EXPIRY)) {
            throw IdentityExceptions.invalid("expiresAt must be at most " + LATEST_EXPIRY);
        }
        if (owner.equals(actor.username())) {
            requireBoundedExpiry(request.expiresAt(), actor, now);
        }
        UserRow user = repository.findUser(owner).orElseThrow(() -> IdentityExceptions.userNotFound(owner));
        String key = ApiKeys.generate();
        UUID id = UUID.randomUUID();
        Instant expiresAt =
                request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.MICROS);
        repository.insertApiKey(id, user.id(), name, ApiKeys.hash(key), now, expiresAt);
        log.info("Created API key {} ({}) for {}", id, name, owner);
        return new CreatedApiKey(id, key, name, owner, now, expiresAt);
    }

    /**
     * A key of one's own must expire, at most {@code nexus.security.api-keys.max-lifetime} ahead and never after the
     * API key the caller's credential rests on: a stolen token or key cannot make itself a credential that outlives
     * it (as GitLab requires every personal access token to expire). Admins creating keys for other users (service
     * accounts) are not bound.
     */
    private void requireBoundedExpiry(@Nullable Instant expiresAt, Caller actor, Instant now) {
        Instant latest = now.plus(properties.security().apiKeys().maxLifetime());
        String bound = "at most nexus.security.api-keys.max-lifetime ("
                + properties.security().apiKeys().maxLifetime().toDays() + " days) ahead";
        Caller.BackingKey backingKey = actor.apiKey();
        if (backingKey != null
                && backingKey.expiresAt() != null
                && backingKey.expiresAt().isBefore(latest)) {
            latest = backingKey.expiresAt().truncatedTo(ChronoUnit.MICROS);
            bound = "not after the API key this request authenticated with";
        }
        if (expiresAt == null) {
            throw IdentityExceptions.invalidApiKeyExpiry(
                    "expiresAt is required for a key of your own (" + bound + ", by " + latest + ")", latest);
        }
        if (expiresAt.isAfter(latest)) {
            throw IdentityExceptions.invalidApiKeyExpiry("expiresAt must be " + bound + ": by " + latest, latest);
        }
    }

    /** The caller's own keys; an admin sees {@code user}'s, or everyone's when {@code user} is null. */
    public List<ApiKeyView> listApiKeys(Caller actor, @Nullable String user) {
        String owner = actor.isAdmin() ? user : actor.username();
        if (!actor.isAdmin() && user != null && !user.equals(actor.username())) {
            throw IdentityExceptions.forbidden("Only an admin may list another user's API keys");
        }
        return repository.findApiKeys(owner).stream().map(ApiKeyRow::toView).toList();
    }

    /** Revokes a key of the caller's (an admin: anyone's); someone else's key is "not found", as a missing one. */
    public ApiKeyView revokeApiKey(UUID id, Caller actor) {
        ApiKeyRow row = repository
                .findApiKey(id)
                .filter(key -> actor.isAdmin() || key.username().equals(actor.username()))
                .orElseThrow(() -> IdentityExceptions.apiKeyNotFound(id.toString()));
        if (row.revokedAt() == null) {
            repository.revokeApiKey(id, storedNow(clock));
            cache.changed();
            log.info("Revoked API key {} ({}) of {}", id, row.name(), row.username());
        }
        return repository.findApiKey(id).orElseThrow().toView();
    }
}

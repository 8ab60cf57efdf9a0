package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.web.StoredText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The identity feature's facade: users, groups and API keys, and the checks behind authentication. Lookups made on
 * every request (a user's enabled flag, roles and groups; an API key) are cached for {@link #CACHE_TTL} at most, and
 * every change made here clears the cache at once.
 */
@Service
public class IdentityService {
    public static final String BOOTSTRAP_ADMIN = "admin";
    public static final String BOOTSTRAP_KEY_NAME = "bootstrap";
    static final int MIN_PASSWORD_LENGTH = 12;
    static final int MAX_PASSWORD_LENGTH = 1024;
    static final Duration CACHE_TTL = Duration.ofSeconds(2);
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    // tokens are verified with 30 s of clock skew; a revocation stays listed a little longer than any token lives
    private static final Duration REVOCATION_MARGIN = Duration.ofMinutes(5);
    private static final int CACHE_LIMIT = 10_000;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{0,63}");
    // the latest instant every metadata store keeps (SQL timestamps end with year 9999); later ones cannot be stored
    static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    private static final Logger log = LoggerFactory.getLogger(IdentityService.class);

    private final IdentityRepository repository;
    private final PasswordHasher passwords = new PasswordHasher();
    private final TransactionTemplate transactions;
    private final NexusProperties properties;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    IdentityService(
            IdentityRepository repository, TransactionTemplate transactions, NexusProperties properties, Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    // users

    public UserView createUser(UserRequest request) {
        String username = validUsername(request.username());
        String password = request.password() == null ? null : validPassword(request.password(), username);
        Set<Role> roles = validRoles(request.roles() == null ? List.of(Role.USER.id()) : request.roles());
        String displayName = validDisplayName(request.displayName());
        boolean enabled = request.enabled() == null || request.enabled();
        Instant now = now();
        UserRow row = new UserRow(
                UUID.randomUUID(),
                username,
                displayName,
                password == null ? null : passwords.hash(password),
                enabled,
                now,
                now,
                1);
        try {
            transactions.executeWithoutResult(status -> {
                if (repository.findUser(username).isPresent()) {
                    throw IdentityExceptions.userConflict(username);
                }
                List<UUID> groups = groupIds(request.groups() == null ? List.of() : request.groups());
                repository.insertUser(row);
                repository.replaceRoles(row.id(), roles);
                repository.replaceMemberships(row.id(), groups);
            });
        } catch (DuplicateKeyException e) {
            throw IdentityExceptions.userConflict(username);
        }
        changed();
        log.info("Created user {} (roles {})", username, roleIds(roles));
        return getUser(username);
    }

    public List<UserView> listUsers() {
        Map<UUID, List<Role>> roles = repository.rolesByUser();
        Map<UUID, List<String>> groups = repository.groupsByUser();
        return repository.findUsers().stream()
                .map(row ->
                        toView(row, roles.getOrDefault(row.id(), List.of()), groups.getOrDefault(row.id(), List.of())))
                .toList();
    }

    public UserView getUser(String username) {
        UserRow row = repository.findUser(username).orElseThrow(() -> IdentityExceptions.userNotFound(username));
        return toView(row, repository.roles(row.id()), repository.groupNames(row.id()));
    }

    /**
     * Changes what the request names: display name, password, enabled, roles, groups. An admin cannot disable,
     * demote or delete themselves (someone must stay able to undo it).
     */
    public UserView updateUser(String username, UserRequest request, @Nullable Long ifMatchVersion, Caller actor) {
        if (request.username() != null && !request.username().equals(username)) {
            throw IdentityExceptions.invalid("A username cannot change; create a new user instead");
        }
        String password = request.password() == null ? null : validPassword(request.password(), username);
        Set<Role> roles = request.roles() == null ? null : validRoles(request.roles());
        boolean self = actor.username().equals(username);
        if (self && Boolean.FALSE.equals(request.enabled())) {
            throw IdentityExceptions.invalid("You cannot disable yourself");
        }
        if (self && actor.isAdmin() && roles != null && !roles.contains(Role.ADMIN)) {
            throw IdentityExceptions.invalid("You cannot take the admin role from yourself");
        }
        String hash = password == null ? null : passwords.hash(password);
        transactions.executeWithoutResult(status -> {
            UserRow current =
                    repository.findUser(username).orElseThrow(() -> IdentityExceptions.userNotFound(username));
            if (ifMatchVersion != null && ifMatchVersion != current.version()) {
                throw IdentityExceptions.staleVersion(username, ifMatchVersion, current.version());
            }
            UserRow updated = new UserRow(
                    current.id(),
                    current.username(),
                    request.displayName() == null ? current.displayName() : validDisplayName(request.displayName()),
                    hash == null ? current.passwordHash() : hash,
                    request.enabled() == null ? current.enabled() : request.enabled(),
                    current.createdAt(),
                    now(),
                    current.version() + 1);
            if (!repository.updateUser(updated, current.version())) {
                throw IdentityExceptions.staleVersion(username, current.version(), current.version() + 1);
            }
            if (roles != null) {
                repository.replaceRoles(current.id(), roles);
            }
            if (request.groups() != null) {
                repository.replaceMemberships(current.id(), groupIds(request.groups()));
            }
        });
        changed();
        log.info(
                "Updated user {}{}{}",
                username,
                request.enabled() == null ? "" : request.enabled() ? " (enabled)" : " (disabled)",
                password == null ? "" : " (password changed)");
        return getUser(username);
    }

    public void deleteUser(String username, Caller actor) {
        if (actor.username().equals(username)) {
            throw IdentityExceptions.invalid("You cannot delete yourself");
        }
        UserRow row = repository.findUser(username).orElseThrow(() -> IdentityExceptions.userNotFound(username));
        // roles, memberships, API keys and grants go with it (ON DELETE CASCADE)
        repository.deleteUser(row.id());
        changed();
        log.info("Deleted user {}", username);
    }

    /** The id behind a username, for features that reference users (grants). */
    public Optional<UUID> userId(String username) {
        return repository.findUser(username).map(UserRow::id);
    }

    // groups

    public GroupView createGroup(GroupRequest request) {
        String name = validGroupName(request.name());
        if (request.description() != null && request.description().length() > 2000) {
            throw IdentityExceptions.invalid("description has more than 2000 characters");
        }
        if (request.description() != null) {
            requireStorable("description", StoredText.textProblem(request.description()));
        }
        GroupRow row = new GroupRow(UUID.randomUUID(), name, request.description(), now());
        try {
            transactions.executeWithoutResult(status -> {
                if (repository.findGroup(name).isPresent()) {
                    throw IdentityExceptions.groupConflict(name);
                }
                repository.insertGroup(row);
            });
        } catch (DuplicateKeyException e) {
            throw IdentityExceptions.groupConflict(name);
        }
        changed();
        log.info("Created group {}", name);
        return getGroup(name);
    }

    public List<GroupView> listGroups() {
        Map<UUID, List<String>> members = repository.membersByGroup();
        return repository.findGroups().stream()
                .map(row -> new GroupView(
                        row.name(), row.description(), members.getOrDefault(row.id(), List.of()), row.createdAt()))
                .toList();
    }

    public GroupView getGroup(String name) {
        return listGroups().stream()
                .filter(group -> group.name().equals(name))
                .findFirst()
                .orElseThrow(() -> IdentityExceptions.groupNotFound(name));
    }

    public void deleteGroup(String name) {
        GroupRow row = repository.findGroup(name).orElseThrow(() -> IdentityExceptions.groupNotFound(name));
        repository.deleteGroup(row.id());
        changed();
        log.info("Deleted group {}", name);
    }

    /** The id behind a group name, for features that reference groups (grants). */
    public Optional<UUID> groupId(String name) {
        return repository.findGroup(name).map(GroupRow::id);
    }

    // API keys

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
        Instant now = now();
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
            repository.revokeApiKey(id, now());
            changed();
            log.info("Revoked API key {} ({}) of {}", id, row.name(), row.username());
        }
        return repository.findApiKey(id).orElseThrow().toView();
    }

    // authentication

    /** The caller behind an API key: not revoked, not expired, owner enabled. */
    public Caller authenticateApiKey(String key) {
        String hash = ApiKeys.hash(key);
        ApiKeyRow row = cached("key:" + hash, () -> repository.findApiKeyByHash(hash))
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
        ApiKeyRow key = cached("key-id:" + apiKeyId, () -> repository.findApiKey(apiKeyId))
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
        Snapshot snapshot = cached("user:" + username, () -> repository
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

    /**
     * Every user for the Trino policy, sorted by username, with the ids of their API keys revoked or expired while a
     * token exchanged for them may still be valid: no token lives longer than {@code max-token-lifetime} (and none
     * outlives its key's expiry), so older revocations need no listing and the list stays short.
     */
    public List<PolicyUser> policyUsers() {
        Map<UUID, List<Role>> roles = repository.rolesByUser();
        Map<UUID, List<String>> groups = repository.groupsByUser();
        Instant now = clock.instant();
        Map<UUID, List<String>> keys = repository.apiKeysRevokedSince(
                now.minus(properties.security().jwt().maxTokenLifetime()).minus(REVOCATION_MARGIN), now);
        return repository.findUsers().stream()
                .map(row -> new PolicyUser(
                        row.username(),
                        row.enabled(),
                        roleIds(roles.getOrDefault(row.id(), List.of())),
                        groups.getOrDefault(row.id(), List.of()),
                        keys.getOrDefault(row.id(), List.of())))
                .toList();
    }

    /**
     * Makes the bootstrap key {@code admin}'s API key {@code bootstrap}: creates {@code admin} (role admin, no
     * password) when missing, and registers the key when its hash is unknown (a changed key is added; the old one
     * stays until revoked).
     */
    void bootstrap(String adminApiKey) {
        transactions.executeWithoutResult(status -> {
            UserRow admin = repository.findUser(BOOTSTRAP_ADMIN).orElse(null);
            if (admin == null) {
                Instant now = now();
                admin = new UserRow(UUID.randomUUID(), BOOTSTRAP_ADMIN, "Bootstrap admin", null, true, now, now, 1);
                repository.insertUser(admin);
                repository.replaceRoles(admin.id(), EnumSet.of(Role.ADMIN));
                log.info(
                        "Created the bootstrap admin user '{}' (no password: set one to log in with it)",
                        BOOTSTRAP_ADMIN);
            }
            String hash = ApiKeys.hash(adminApiKey);
            if (repository.findApiKeyByHash(hash).isEmpty()) {
                repository.insertApiKey(UUID.randomUUID(), admin.id(), BOOTSTRAP_KEY_NAME, hash, now(), null);
                log.info("Registered the configured bootstrap API key for '{}'", BOOTSTRAP_ADMIN);
            }
        });
        changed();
    }

    // validation

    String validUsername(@Nullable String username) {
        if (username == null || username.isBlank()) {
            throw IdentityExceptions.invalid("username is required");
        }
        if (!NAME.matcher(username).matches()) {
            throw IdentityExceptions.invalidUsername(username);
        }
        if (username.startsWith("nexus-")
                || username.equals("trino")
                || username.equals(properties.trino().syncUser())) {
            throw IdentityExceptions.reservedUsername(username);
        }
        return username;
    }

    private static String validGroupName(@Nullable String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw IdentityExceptions.invalid("A group name is lower-case letters, digits, '.', '_' and '-', starting"
                    + " with a letter, at most 64 characters");
        }
        return name;
    }

    private static String validPassword(String password, String username) {
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

    private static @Nullable String validDisplayName(@Nullable String displayName) {
        if (displayName != null && displayName.length() > 256) {
            throw IdentityExceptions.invalid("displayName has more than 256 characters");
        }
        if (displayName != null) {
            requireStorable("displayName", StoredText.lineProblem(displayName));
        }
        return displayName;
    }

    private static void requireStorable(String field, Optional<String> problem) {
        if (problem.isPresent()) {
            throw IdentityExceptions.invalid(field + " " + problem.get());
        }
    }

    private static Set<Role> validRoles(List<String> roles) {
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

    private List<UUID> groupIds(List<String> names) {
        List<UUID> ids = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            ids.add(repository
                    .findGroup(name == null ? "" : name)
                    .map(GroupRow::id)
                    .orElseThrow(() -> IdentityExceptions.invalid(
                            "No group '" + name + "': create it first (POST /api/v1/groups)")));
        }
        return ids;
    }

    private static UserView toView(UserRow row, List<Role> roles, List<String> groups) {
        return new UserView(
                row.username(),
                row.displayName(),
                row.enabled(),
                roleIds(roles),
                groups,
                row.passwordHash() != null,
                row.createdAt(),
                row.updatedAt(),
                row.version());
    }

    private static List<String> roleIds(java.util.Collection<Role> roles) {
        return roles.stream().map(Role::id).sorted().toList();
    }

    // the cache of per-request lookups

    private <T> Optional<T> cached(String key, java.util.function.Supplier<Optional<T>> loader) {
        long now = System.nanoTime();
        Cached entry = cache.get(key);
        if (entry != null && entry.expiresAtNanos() - now > 0) {
            @SuppressWarnings("unchecked")
            Optional<T> value = (Optional<T>) entry.value();
            return value;
        }
        Optional<T> value = loader.get();
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(key, new Cached(value, now + CACHE_TTL.toNanos()));
        return value;
    }

    private void changed() {
        cache.clear();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private record Cached(Optional<?> value, long expiresAtNanos) {}

    private record Snapshot(boolean enabled, Set<Role> roles, List<String> groups) {}
}

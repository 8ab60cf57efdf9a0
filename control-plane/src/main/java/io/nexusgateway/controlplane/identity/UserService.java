package io.nexusgateway.controlplane.identity;

import static io.nexusgateway.controlplane.identity.IdentityRules.roleIds;
import static io.nexusgateway.controlplane.identity.IdentityRules.storedNow;
import static io.nexusgateway.controlplane.identity.IdentityRules.validDisplayName;
import static io.nexusgateway.controlplane.identity.IdentityRules.validPassword;
import static io.nexusgateway.controlplane.identity.IdentityRules.validRoles;
import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.config.NexusProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Users: their password, roles, groups and enabled flag, and the list of them the Trino policy carries. */
@Service
public class UserService {
    // tokens are verified with 30 s of clock skew; a revocation stays listed a little longer than any token lives
    private static final Duration REVOCATION_MARGIN = Duration.ofMinutes(5);
    static final String BOOTSTRAP_ADMIN = "admin";
    static final String BOOTSTRAP_KEY_NAME = "bootstrap";

    private static final Logger log = LoggerFactory.getLogger(UserService.class);

    private final IdentityRepository repository;
    private final PasswordHasher passwords = new PasswordHasher();
    private final TransactionTemplate transactions;
    private final IdentityCache cache;
    private final NexusProperties properties;
    private final Clock clock;

    UserService(
            IdentityRepository repository,
            TransactionTemplate transactions,
            IdentityCache cache,
            NexusProperties properties,
            Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public UserView createUser(UserRequest request) {
        String username = IdentityRules.validUsername(
                request.username(), properties.trino().syncUser());
        String password = request.password() == null ? null : validPassword(request.password(), username);
        Set<Role> roles = validRoles(request.roles() == null ? List.of(Role.USER.id()) : request.roles());
        String displayName = validDisplayName(request.displayName());
        boolean enabled = request.enabled() == null || request.enabled();
        Instant now = storedNow(clock);
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
        cache.changed();
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
                    storedNow(clock),
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
        cache.changed();
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
        cache.changed();
        log.info("Deleted user {}", username);
    }

    /** The id behind a username, for features that reference users (grants). */
    public Optional<UUID> userId(String username) {
        return repository.findUser(username).map(UserRow::id);
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

    /**
     * Makes the bootstrap key {@code admin}'s API key {@code bootstrap}: creates {@code admin} (role admin, no
     * password) when missing, and registers the key when its hash is unknown (a changed key is added; the old one
     * stays until revoked).
     */
    void ensureBootstrapAdmin(String adminApiKey) {
        transactions.executeWithoutResult(status -> {
            UserRow admin = repository.findUser(BOOTSTRAP_ADMIN).orElse(null);
            if (admin == null) {
                Instant now = storedNow(clock);
                admin = new UserRow(UUID.randomUUID(), BOOTSTRAP_ADMIN, "Bootstrap admin", null, true, now, now, 1);
                repository.insertUser(admin);
                repository.replaceRoles(admin.id(), EnumSet.of(Role.ADMIN));
                log.info(
                        "Created the bootstrap admin user '{}' (no password: set one to log in with it)",
                        BOOTSTRAP_ADMIN);
            }
            String hash = ApiKeys.hash(adminApiKey);
            if (repository.findApiKeyByHash(hash).isEmpty()) {
                repository.insertApiKey(
                        UUID.randomUUID(), admin.id(), BOOTSTRAP_KEY_NAME, hash, storedNow(clock), null);
                log.info("Registered the configured bootstrap API key for '{}'", BOOTSTRAP_ADMIN);
            }
        });
        cache.changed();
    }
}

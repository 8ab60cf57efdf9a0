package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.identity.Caller;
import io.nexusgateway.controlplane.identity.GroupService;
import io.nexusgateway.controlplane.identity.IdentityExceptions;
import io.nexusgateway.controlplane.identity.Role;
import io.nexusgateway.controlplane.identity.UserService;
import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Who may use which datasource: grants to users and groups (admins use every datasource). Grants are policy, not
 * catalogs: changing them publishes no {@link DatasourceChangedEvent}, so the catalog sync does nothing; Trino's
 * plugin picks them up with its next policy refresh.
 */
@Service
public class GrantService {
    private static final Logger log = LoggerFactory.getLogger(GrantService.class);

    private final GrantRepository repository;
    private final DatasourceRepository datasources;
    private final UserService users;
    private final GroupService groups;
    private final Clock clock;

    GrantService(
            GrantRepository repository,
            DatasourceRepository datasources,
            UserService users,
            GroupService groups,
            Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.datasources = requireNonNull(datasources, "datasources is null");
        this.users = requireNonNull(users, "users is null");
        this.groups = requireNonNull(groups, "groups is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Grants the datasource; granting it again changes nothing. Returns the grant and whether it is new. */
    public Granted grant(UUID datasourceId, GrantRequest request) {
        requireDatasource(datasourceId);
        Grantee grantee = grantee(request);
        var existing = repository.find(datasourceId, grantee.userId(), grantee.groupId());
        if (existing.isPresent()) {
            return new Granted(existing.get(), false);
        }
        try {
            repository.insert(
                    datasourceId,
                    grantee.userId(),
                    grantee.groupId(),
                    clock.instant().truncatedTo(ChronoUnit.MICROS));
        } catch (DuplicateKeyException e) {
            // a concurrent identical grant: the same outcome
            return new Granted(
                    repository
                            .find(datasourceId, grantee.userId(), grantee.groupId())
                            .orElseThrow(),
                    false);
        }
        log.info("Granted datasource {} to {}", datasourceId, grantee.label());
        return new Granted(
                repository
                        .find(datasourceId, grantee.userId(), grantee.groupId())
                        .orElseThrow(),
                true);
    }

    public List<GrantView> list(UUID datasourceId) {
        requireDatasource(datasourceId);
        return repository.findByDatasource(datasourceId);
    }

    public void revoke(UUID datasourceId, GrantRequest request) {
        requireDatasource(datasourceId);
        Grantee grantee = grantee(request);
        if (!repository.delete(datasourceId, grantee.userId(), grantee.groupId())) {
            throw new NexusException(
                    ProblemType.GRANT_NOT_FOUND,
                    "Datasource " + datasourceId + " is not granted to " + grantee.label());
        }
        log.info("Revoked datasource {} from {}", datasourceId, grantee.label());
    }

    /**
     * Whether {@code username} may use the datasource: an admin always, a user when it is granted to them directly or
     * through one of their groups. An unknown user may use nothing.
     */
    public boolean canUse(String username, UUID datasourceId) {
        if (isAdmin(username)) {
            return true;
        }
        return repository.usable(username, datasourceId);
    }

    /** The same for an authenticated caller (their roles are known already). */
    public boolean canUse(Caller caller, UUID datasourceId) {
        return caller.isAdmin() || repository.usable(caller.username(), datasourceId);
    }

    /**
     * Answers "not found" for a datasource the caller may not use, exactly as for a missing one, so its existence
     * does not leak.
     */
    public void requireUsable(Caller caller, UUID datasourceId) {
        if (!canUse(caller, datasourceId)) {
            throw DatasourceExceptions.notFound(datasourceId);
        }
    }

    /** The datasources a user (not an admin) may use. */
    public Set<UUID> usableBy(String username) {
        return Set.copyOf(repository.usableIds(username));
    }

    /** Every catalog's grantees, for the Trino policy. */
    public Map<String, Grantees> granteesByCatalog() {
        return repository.granteesByCatalog();
    }

    private boolean isAdmin(String username) {
        try {
            return users.getUser(username).roles().contains(Role.ADMIN.id());
        } catch (NexusException e) {
            return false;
        }
    }

    private void requireDatasource(UUID datasourceId) {
        if (datasources.findById(datasourceId).isEmpty()) {
            throw DatasourceExceptions.notFound(datasourceId);
        }
    }

    private Grantee grantee(GrantRequest request) {
        boolean user = request.user() != null && !request.user().isBlank();
        boolean group = request.group() != null && !request.group().isBlank();
        if (user == group) {
            throw new NexusException(ProblemType.INVALID_GRANT, "Name exactly one of \"user\" and \"group\"");
        }
        if (user) {
            UUID id = users.userId(request.user()).orElseThrow(() -> IdentityExceptions.userNotFound(request.user()));
            return new Grantee(id, null, "user " + request.user());
        }
        UUID id = groups.groupId(request.group()).orElseThrow(() -> IdentityExceptions.groupNotFound(request.group()));
        return new Grantee(null, id, "group " + request.group());
    }

    private record Grantee(@Nullable UUID userId, @Nullable UUID groupId, String label) {}

    /** @param created false when the grant existed already (the request changed nothing) */
    public record Granted(GrantView grant, boolean created) {}
}

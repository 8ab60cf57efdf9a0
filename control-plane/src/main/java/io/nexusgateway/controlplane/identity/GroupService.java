package io.nexusgateway.controlplane.identity;

import static io.nexusgateway.controlplane.identity.IdentityRules.requireStorable;
import static io.nexusgateway.controlplane.identity.IdentityRules.storedNow;
import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.web.StoredText;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Groups of users, named in grants and query limits. */
@Service
public class GroupService {
    private static final Logger log = LoggerFactory.getLogger(GroupService.class);

    private final IdentityRepository repository;
    private final TransactionTemplate transactions;
    private final IdentityCache cache;
    private final Clock clock;

    GroupService(IdentityRepository repository, TransactionTemplate transactions, IdentityCache cache, Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.cache = requireNonNull(cache, "cache is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public GroupView createGroup(GroupRequest request) {
        String name = IdentityRules.validGroupName(request.name());
        if (request.description() != null && request.description().length() > 2000) {
            throw IdentityExceptions.invalid("description has more than 2000 characters");
        }
        if (request.description() != null) {
            requireStorable("description", StoredText.textProblem(request.description()));
        }
        GroupRow row = new GroupRow(UUID.randomUUID(), name, request.description(), storedNow(clock));
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
        cache.changed();
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
        cache.changed();
        log.info("Deleted group {}", name);
    }

    /** The id behind a group name, for features that reference groups (grants). */
    public Optional<UUID> groupId(String name) {
        return repository.findGroup(name).map(GroupRow::id);
    }
}

package io.nexusgateway.controlplane.identity;

import static io.nexusgateway.controlplane.identity.IdentityRules.storedNow;
import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.config.NexusProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers the bootstrap admin key as user {@code admin}'s API key while the context starts, before the server
 * takes requests (the key from {@code bin/nexus up} must work on the first call).
 */
@Component
class BootstrapAdmin implements InitializingBean {
    static final String BOOTSTRAP_ADMIN = "admin";
    static final String BOOTSTRAP_KEY_NAME = "bootstrap";

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final IdentityRepository repository;
    private final TransactionTemplate transactions;
    private final IdentityCache cache;
    private final NexusProperties properties;
    private final Clock clock;

    BootstrapAdmin(
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

    @Override
    public void afterPropertiesSet() {
        String key = properties.security().adminApiKey();
        if (key != null && !key.isBlank()) {
            bootstrap(key.strip());
        }
    }

    /**
     * Makes the bootstrap key {@code admin}'s API key {@code bootstrap}: creates {@code admin} (role admin, no
     * password) when missing, and registers the key when its hash is unknown (a changed key is added; the old one
     * stays until revoked).
     */
    private void bootstrap(String adminApiKey) {
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

package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.config.NexusProperties;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Registers the bootstrap admin key as user {@code admin}'s API key while the context starts, before the server
 * takes requests (the key from {@code bin/nexus up} must work on the first call).
 */
@Component
class BootstrapAdmin implements InitializingBean {
    private final UserService users;
    private final NexusProperties properties;

    BootstrapAdmin(UserService users, NexusProperties properties) {
        this.users = requireNonNull(users, "users is null");
        this.properties = requireNonNull(properties, "properties is null");
    }

    @Override
    public void afterPropertiesSet() {
        String key = properties.security().adminApiKey();
        if (key != null && !key.isBlank()) {
            users.ensureBootstrapAdmin(key.strip());
        }
    }
}

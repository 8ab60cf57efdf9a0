package io.nexusgateway.controlplane.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.config.NexusProperties.QueryLimit;
import io.nexusgateway.controlplane.config.NexusProperties.QueryLimits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The most specific query limit wins: the user's, the most generous group's, the role's, the role's default. */
final class TestQueryLimitPolicy {
    private static final QueryLimit OWN = new QueryLimit(1, 2);
    private static final QueryLimit SMALL_GROUP = new QueryLimit(3, 10);
    private static final QueryLimit LARGE_GROUP = new QueryLimit(3, 20);
    private static final QueryLimit ADMINS = new QueryLimit(50, 60);
    private static final QueryLimit USERS = new QueryLimit(4, 40);

    private final QueryLimitPolicy configured = new QueryLimitPolicy(new QueryLimits(
            Map.of("admin", ADMINS, "user", USERS),
            Map.of("small", SMALL_GROUP, "large", LARGE_GROUP),
            Map.of("alice", OWN)));
    private final QueryLimitPolicy defaults = new QueryLimitPolicy(QueryLimits.DEFAULTS);

    @Test
    void testTheUsersOwnLimitWins() {
        assertThat(configured.limitsOf("alice", List.of("admin"), List.of("large")))
                .isEqualTo(OWN);
    }

    @Test
    void testTheMostGenerousGroupWinsOverTheRole() {
        assertThat(configured.limitsOf("bob", List.of("admin"), List.of("small", "large", "unconfigured")))
                .isEqualTo(LARGE_GROUP);
    }

    @Test
    void testAdminOverUser() {
        assertThat(configured.limitsOf("bob", List.of("user", "admin"), List.of()))
                .isEqualTo(ADMINS);
        assertThat(configured.limitsOf("bob", List.of("user"), List.of("unconfigured")))
                .isEqualTo(USERS);
        assertThat(configured.limitsOf("bob", List.of(), List.of())).isEqualTo(USERS);
    }

    @Test
    void testRoleDefaults() {
        assertThat(defaults.limitsOf("bob", List.of("admin"), List.of())).isEqualTo(new QueryLimit(100, 1000));
        assertThat(defaults.limitsOf("bob", List.of("user"), List.of())).isEqualTo(new QueryLimit(8, 100));
    }
}

package io.nexusgateway.trino.plugin.resourcegroups;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.trino.plugin.policy.Policy;
import io.trino.spi.resourcegroups.ResourceGroup;
import io.trino.spi.resourcegroups.ResourceGroupId;
import io.trino.spi.resourcegroups.SchedulingPolicy;
import io.trino.spi.resourcegroups.SelectionContext;
import io.trino.spi.resourcegroups.SelectionCriteria;
import io.trino.spi.session.ResourceEstimates;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

final class TestNexusResourceGroups {
    private final AtomicReference<Optional<Policy>> policy = new AtomicReference<>(Optional.of(policy(1, 2)));
    private final NexusResourceGroups groups = new NexusResourceGroups(policy::get, "nexus-sync");

    @Test
    void testEveryUserHasAGroupOfTheirOwn() {
        SelectionContext<Policy.QueryLimits> alice =
                groups.match(criteria("alice")).orElseThrow();
        assertThat(alice.getResourceGroupId()).hasToString("user.alice");
        assertThat(alice.getContext()).isEqualTo(new Policy.QueryLimits(1, 2));
        assertThat(groups.parentGroupContext(alice).getResourceGroupId()).hasToString("user");

        assertThat(groups.match(criteria("root")).orElseThrow().getResourceGroupId())
                .hasToString("admin.root");
        assertThat(groups.match(criteria("nexus-sync")).orElseThrow().getResourceGroupId())
                .hasToString("service");
        // unknown principals get the smallest group (their queries are refused by the access control anyway)
        SelectionContext<Policy.QueryLimits> stranger =
                groups.match(criteria("mallory")).orElseThrow();
        assertThat(stranger.getResourceGroupId()).hasToString("user.mallory");
        assertThat(stranger.getContext()).isEqualTo(Policy.QueryLimits.UNKNOWN_USER);
    }

    @Test
    void testLimitsFollowThePolicy() {
        SelectionContext<Policy.QueryLimits> alice =
                groups.match(criteria("alice")).orElseThrow();
        FakeGroup group = new FakeGroup(alice.getResourceGroupId());
        groups.configure(group, alice);
        assertThat(group.hardConcurrencyLimit).isEqualTo(1);
        assertThat(group.maxQueued).isEqualTo(2);

        FakeGroup root = new FakeGroup(new ResourceGroupId("user"));
        groups.configure(root, groups.parentGroupContext(alice));
        assertThat(root.hardConcurrencyLimit).isEqualTo(NexusResourceGroups.ROOT_LIMITS.running());

        policy.set(Optional.of(policy(3, 7)));
        groups.reapply();
        assertThat(group.hardConcurrencyLimit).isEqualTo(3);
        assertThat(group.maxQueued).isEqualTo(7);
        assertThat(root.hardConcurrencyLimit).isEqualTo(NexusResourceGroups.ROOT_LIMITS.running());
    }

    private static Policy policy(int running, int queued) {
        return new Policy(
                List.of(),
                List.of(
                        new Policy.UserPolicy(
                                "alice", true, List.of("user"), List.of(), new Policy.QueryLimits(running, queued)),
                        new Policy.UserPolicy(
                                "root", true, List.of("admin"), List.of(), new Policy.QueryLimits(32, 1000))));
    }

    private static SelectionCriteria criteria(String user) {
        return new SelectionCriteria(
                true,
                user,
                Set.of(),
                user,
                Optional.of(user),
                Optional.empty(),
                Set.of(),
                new ResourceEstimates(Optional.empty(), Optional.empty(), Optional.empty()),
                Optional.empty());
    }

    private static final class FakeGroup implements ResourceGroup {
        private final ResourceGroupId id;
        int hardConcurrencyLimit;
        int maxQueued;
        long softMemoryLimit;

        FakeGroup(ResourceGroupId id) {
            this.id = id;
        }

        @Override
        public ResourceGroupId getId() {
            return id;
        }

        @Override
        public long getSoftMemoryLimitBytes() {
            return softMemoryLimit;
        }

        @Override
        public void setSoftMemoryLimitBytes(long limit) {
            softMemoryLimit = limit;
        }

        @Override
        public Duration getSoftCpuLimit() {
            return Duration.ZERO;
        }

        @Override
        public void setSoftCpuLimit(Duration limit) {}

        @Override
        public Duration getHardCpuLimit() {
            return Duration.ZERO;
        }

        @Override
        public void setHardCpuLimit(Duration limit) {}

        @Override
        public long getCpuQuotaGenerationMillisPerSecond() {
            return 0;
        }

        @Override
        public void setCpuQuotaGenerationMillisPerSecond(long rate) {}

        @Override
        public int getSoftConcurrencyLimit() {
            return 0;
        }

        @Override
        public void setSoftConcurrencyLimit(int softConcurrencyLimit) {}

        @Override
        public int getHardConcurrencyLimit() {
            return hardConcurrencyLimit;
        }

        @Override
        public void setHardConcurrencyLimit(int limit) {
            hardConcurrencyLimit = limit;
        }

        @Override
        public int getMaxQueuedQueries() {
            return maxQueued;
        }

        @Override
        public void setMaxQueuedQueries(int limit) {
            maxQueued = limit;
        }

        @Override
        public int getSchedulingWeight() {
            return 1;
        }

        @Override
        public void setSchedulingWeight(int weight) {}

        @Override
        public SchedulingPolicy getSchedulingPolicy() {
            return SchedulingPolicy.FAIR;
        }

        @Override
        public void setSchedulingPolicy(SchedulingPolicy policy) {}

        @Override
        public boolean getJmxExport() {
            return false;
        }

        @Override
        public void setJmxExport(boolean export) {}

        @Override
        public boolean isDisabled() {
            return false;
        }

        @Override
        public void setDisabled(boolean disabled) {}
    }
}

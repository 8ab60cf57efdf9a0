package io.nexusgateway.controlplane.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.engines.EngineJobState;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class TestJobState {
    @Test
    void testLegalTransitions() {
        assertThat(allowed(JobState.SUBMITTED))
                .containsExactlyInAnyOrder(
                        JobState.QUEUED, JobState.RUNNING, JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED);
        assertThat(allowed(JobState.QUEUED))
                .containsExactlyInAnyOrder(JobState.RUNNING, JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED);
        assertThat(allowed(JobState.RUNNING))
                .containsExactlyInAnyOrder(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED);
    }

    @ParameterizedTest
    @EnumSource(
            value = JobState.class,
            names = {"SUCCEEDED", "FAILED", "CANCELLED"})
    void testEndedJobsNeverMove(JobState ended) {
        assertThat(ended.isTerminal()).isTrue();
        assertThat(allowed(ended)).isEmpty();
    }

    @Test
    void testEngineStates() {
        assertThat(JobState.of(EngineJobState.QUEUED)).isEqualTo(JobState.QUEUED);
        assertThat(JobState.of(EngineJobState.RUNNING)).isEqualTo(JobState.RUNNING);
        assertThat(JobState.of(EngineJobState.SUCCEEDED)).isEqualTo(JobState.SUCCEEDED);
        assertThat(JobState.of(EngineJobState.FAILED)).isEqualTo(JobState.FAILED);
        // a job its engine lost has failed, for that reason
        assertThat(JobState.of(EngineJobState.LOST)).isEqualTo(JobState.FAILED);
        assertThat(JobState.of(EngineJobState.CANCELLED)).isEqualTo(JobState.CANCELLED);
    }

    private static Set<JobState> allowed(JobState from) {
        Set<JobState> allowed = EnumSet.noneOf(JobState.class);
        for (JobState to : JobState.values()) {
            if (from.canMoveTo(to)) {
                allowed.add(to);
            }
        }
        return allowed;
    }
}

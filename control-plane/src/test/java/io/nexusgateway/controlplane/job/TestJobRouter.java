package io.nexusgateway.controlplane.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import io.nexusgateway.engines.Engine;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

final class TestJobRouter {
    private static final Set<Engine> ALL = Set.of(Engine.TRINO, Engine.SPARK, Engine.FLINK);
    private static final long GB = 1024L * 1024 * 1024;

    @Test
    void testSizeDecides() {
        JobRouter router = router(List.of());

        assertThat(router.route(job(OptionalLong.of(12L * 1024 * 1024)), ALL, List.of()))
                .isEqualTo(new JobRouter.Decision(Engine.TRINO, "trino: estimated input 12 MB <= 10 GB threshold"));
        assertThat(router.route(job(OptionalLong.of(48 * GB)), ALL, List.of()))
                .isEqualTo(new JobRouter.Decision(Engine.SPARK, "spark: estimated input 48 GB > 10 GB threshold"));
        assertThat(router.route(job(OptionalLong.of(10 * GB)), ALL, List.of()).engine())
                .isEqualTo(Engine.TRINO);
    }

    @Test
    void testUnknownSizeGoesToTheConfiguredEngine() {
        assertThat(router(List.of()).route(job(OptionalLong.empty()), ALL, List.of()))
                .isEqualTo(new JobRouter.Decision(
                        Engine.SPARK,
                        "spark: no size estimate for maria.shop.orders (no table statistics); jobs of unknown size"
                                + " run on spark"));
        // with Spark not enabled, Trino runs it and says why
        assertThat(router(List.of()).route(job(OptionalLong.empty()), Set.of(Engine.TRINO), List.of()))
                .isEqualTo(new JobRouter.Decision(
                        Engine.TRINO,
                        "spark: no size estimate for maria.shop.orders (no table statistics); jobs of unknown size"
                                + " run on spark, but spark is not enabled: trino"));
    }

    @Test
    void testRulesWinOverRequestsAndSize() {
        List<NexusProperties.Rule> rules = List.of(
                new NexusProperties.Rule("bob", null, null, null, Engine.TRINO),
                new NexusProperties.Rule(null, "etl", null, null, Engine.SPARK),
                new NexusProperties.Rule(null, null, "warehouse", "copy", Engine.FLINK));
        JobRouter router = router(rules);

        assertThat(router.route(
                        job("bob", List.of(), JobKind.QUERY, Engine.SPARK, OptionalLong.of(48 * GB)), ALL, List.of()))
                .isEqualTo(new JobRouter.Decision(Engine.TRINO, "trino: rule 1 (user bob)"));
        assertThat(router.route(job("alice", List.of("etl"), JobKind.QUERY, null, OptionalLong.of(1)), ALL, List.of()))
                .isEqualTo(new JobRouter.Decision(Engine.SPARK, "spark: rule 2 (group etl)"));
        assertThat(router.route(job("carol", List.of(), JobKind.COPY, null, OptionalLong.of(1)), ALL, List.of()))
                .isEqualTo(new JobRouter.Decision(Engine.FLINK, "flink: rule 3 (datasource warehouse, kind copy)"));
        // a rule's conditions all hold, or it does not match
        assertThat(router.route(job("carol", List.of(), JobKind.QUERY, null, OptionalLong.of(1)), ALL, List.of())
                        .engine())
                .isEqualTo(Engine.TRINO);
    }

    @Test
    void testRequestedEngine() {
        assertThat(router(List.of())
                        .route(
                                job("alice", List.of(), JobKind.QUERY, Engine.SPARK, OptionalLong.of(1)),
                                ALL,
                                List.of()))
                .isEqualTo(new JobRouter.Decision(Engine.SPARK, "spark: requested by the job"));
        assertProblem(
                () -> router(List.of())
                        .route(
                                job("alice", List.of(), JobKind.QUERY, Engine.SPARK, OptionalLong.of(1)),
                                Set.of(Engine.TRINO),
                                List.of()),
                ProblemType.ENGINE_NOT_ENABLED);
    }

    @Test
    void testStreamingRunsOnFlinkOnly() {
        JobRouter.Job streaming = new JobRouter.Job(
                "alice", List.of(), JobKind.QUERY, true, null, Set.of("maria"), OptionalLong.of(1), List.of());
        assertThat(router(List.of()).route(streaming, ALL, List.of()))
                .isEqualTo(new JobRouter.Decision(Engine.FLINK, "flink: streaming jobs run on Flink"));
        assertProblem(
                () -> router(List.of()).route(streaming, Set.of(Engine.TRINO), List.of()),
                ProblemType.ENGINE_NOT_ENABLED);
        JobRouter.Job streamingOnSpark = new JobRouter.Job(
                "alice", List.of(), JobKind.QUERY, true, Engine.SPARK, Set.of("maria"), OptionalLong.of(1), List.of());
        assertProblem(
                () -> router(List.of()).route(streamingOnSpark, ALL, List.of()), ProblemType.ENGINE_CANNOT_RUN_JOB);
    }

    @Test
    void testTrinoOnlySourcesStayOnTrino() {
        assertThat(router(List.of()).route(job(OptionalLong.of(48 * GB)), ALL, List.of("sample")))
                .isEqualTo(new JobRouter.Decision(Engine.TRINO, "trino: sample can be read through Trino only"));
        assertProblem(
                () -> router(List.of())
                        .route(
                                job("alice", List.of(), JobKind.QUERY, Engine.SPARK, OptionalLong.of(1)),
                                ALL,
                                List.of("sample")),
                ProblemType.ENGINE_CANNOT_RUN_JOB);
    }

    @Test
    void testSizesAreWrittenForPeople() {
        assertThat(JobRouter.format(0)).isEqualTo("0 B");
        assertThat(JobRouter.format(1536)).isEqualTo("1.5 kB");
        assertThat(JobRouter.format(48 * GB)).isEqualTo("48 GB");
    }

    private static JobRouter router(List<NexusProperties.Rule> rules) {
        return new JobRouter(new NexusProperties.Routing(DataSize.ofGigabytes(10), Engine.SPARK, rules));
    }

    private static JobRouter.Job job(OptionalLong bytes) {
        return job("alice", List.of(), JobKind.QUERY, null, bytes);
    }

    private static JobRouter.Job job(
            String user, List<String> groups, JobKind kind, @Nullable Engine requested, OptionalLong bytes) {
        return new JobRouter.Job(
                user,
                groups,
                kind,
                false,
                requested,
                Set.of("maria", "warehouse"),
                bytes,
                bytes.isPresent() ? List.of() : List.of("maria.shop.orders"));
    }

    private static void assertProblem(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ProblemType type) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(NexusException.class, problem -> assertThat(problem.problemType())
                        .isEqualTo(type));
    }
}

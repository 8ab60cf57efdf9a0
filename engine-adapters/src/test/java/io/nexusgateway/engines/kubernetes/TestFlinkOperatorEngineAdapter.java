package io.nexusgateway.engines.kubernetes;

import static io.nexusgateway.engines.kubernetes.FlinkOperatorEngineAdapter.FLINK_DEPLOYMENT;
import static io.nexusgateway.engines.kubernetes.FlinkOperatorEngineAdapter.FLINK_SESSION_JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.nexusgateway.engines.CredentialExchangeServer;
import io.nexusgateway.engines.CredentialTicket;
import io.nexusgateway.engines.Engine;
import io.nexusgateway.engines.EngineException;
import io.nexusgateway.engines.EngineHandle;
import io.nexusgateway.engines.EngineJob;
import io.nexusgateway.engines.EngineJobState;
import io.nexusgateway.engines.EngineStatus;
import io.nexusgateway.engines.flink.FlinkJobStatus;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FlinkOperatorEngineAdapter} against fabric8's Kubernetes mock in CRUD mode, with the Flink Operator's part
 * played by the test: it writes {@code .status} (jobStatus, lifecycleState, error, the savepoint of a suspension)
 * through the status subresource as the operator does. A contract test: no API server or operator runs here; the
 * resources' specs are pinned by golden files, the status fields are the operator's v1beta1 ones
 * (CommonStatus, JobStatus, SavepointInfo in flink-kubernetes-operator-api).
 */
final class TestFlinkOperatorEngineAdapter {
    private static final String NAMESPACE = "streaming";
    private static final UUID GOLDEN_JOB_ID = UUID.fromString("3f2c9a1e-5b7d-4c8e-9f10-2a3b4c5d6e7f");
    private static final Map<String, String> FLINK_CONFIGURATION =
            Map.of("state.savepoints.dir", "s3://nexus-flink/savepoints");
    static final FlinkOperatorConfig SESSION = new FlinkOperatorConfig(
            NAMESPACE,
            new FlinkOperatorConfig.SessionCluster("nexus-session"),
            "https://artifacts.example.com/nexus/nexus-flink-sql.jar",
            "io.nexusgateway.flink.sql.SqlRunner",
            2,
            FLINK_CONFIGURATION);
    static final FlinkOperatorConfig APPLICATION = new FlinkOperatorConfig(
            NAMESPACE,
            new FlinkOperatorConfig.ApplicationCluster(
                    "registry.example.com/nexus/flink-sql:2.1.1",
                    "v2_1",
                    "nexus-flink",
                    new FlinkOperatorConfig.Resources(0.5, "1024m"),
                    new FlinkOperatorConfig.Resources(1.0, "2048m")),
            "local:///opt/flink/usrlib/nexus-flink-sql.jar",
            "io.nexusgateway.flink.sql.SqlRunner",
            2,
            FLINK_CONFIGURATION);

    private OperatorContract kubernetes;
    private FlinkOperatorEngineAdapter sessionJobs;
    private FlinkOperatorEngineAdapter applications;

    @BeforeEach
    void startApiServer() {
        kubernetes = OperatorContract.start(FLINK_SESSION_JOB, FLINK_DEPLOYMENT);
        sessionJobs = new FlinkOperatorEngineAdapter(kubernetes.newClient(), SESSION, KubernetesTestJobs.ENCODER);
        applications = new FlinkOperatorEngineAdapter(kubernetes.newClient(), APPLICATION, KubernetesTestJobs.ENCODER);
    }

    @AfterEach
    void stopApiServer() {
        kubernetes.close();
    }

    @Test
    void testSubmittedSessionJobIsTheGoldenOne() {
        EngineHandle handle = sessionJobs.submit(streamingJob(GOLDEN_JOB_ID, KubernetesTestJobs.GOLDEN_TICKET));

        assertThat(sessionJobs.name()).isEqualTo("flink-kubernetes");
        assertThat(sessionJobs.engine()).isEqualTo(Engine.FLINK);
        assertThat(handle.engineJobId()).isEqualTo("nexus-job-3f2c9a1e");
        assertThat(handle.attributes())
                .isEqualTo(Map.of(
                        "jobId",
                        GOLDEN_JOB_ID.toString(),
                        "kind",
                        "FlinkSessionJob",
                        "namespace",
                        NAMESPACE,
                        "streaming",
                        "true"));
        GenericKubernetesResource stored = kubernetes.get(FLINK_SESSION_JOB, NAMESPACE, "nexus-job-3f2c9a1e");
        assertThat(OperatorContract.contractView(stored))
                .isEqualTo(OperatorContract.yaml("/kubernetes/flink-session-job.golden.yaml"));
        assertThat(stored.getAdditionalProperties()).doesNotContainKey("status");
    }

    @Test
    void testSubmittedApplicationDeploymentIsTheGoldenOne() {
        EngineHandle handle = applications.submit(batchJob(GOLDEN_JOB_ID, KubernetesTestJobs.GOLDEN_TICKET));

        assertThat(handle.attribute("kind")).contains("FlinkDeployment");
        assertThat(handle.attribute("streaming")).contains("false");
        assertThat(OperatorContract.contractView(kubernetes.get(FLINK_DEPLOYMENT, NAMESPACE, "nexus-job-3f2c9a1e")))
                .isEqualTo(OperatorContract.yaml("/kubernetes/flink-deployment.golden.yaml"));
    }

    @Test
    void testNoPasswordInTheResources() {
        String canary = "canary-" + UUID.randomUUID();
        try (CredentialExchangeServer exchange = CredentialExchangeServer.start()) {
            CredentialTicket ticket = exchange.issue(Map.of("shop", canary, "warehouse", canary + "-w"));

            EngineHandle session = sessionJobs.submit(streamingJob(UUID.randomUUID(), ticket));
            EngineHandle application = applications.submit(batchJob(UUID.randomUUID(), ticket));
            EngineStatus status = sessionJobs.status(session);

            assertThat(kubernetes.rawJson(FLINK_SESSION_JOB, NAMESPACE, session.engineJobId()))
                    .contains(ticket.token())
                    .doesNotContain(canary);
            assertThat(kubernetes.rawJson(FLINK_DEPLOYMENT, NAMESPACE, application.engineJobId()))
                    .contains(ticket.token())
                    .doesNotContain(canary);
            assertThat(kubernetes.storedJson(NAMESPACE, FLINK_SESSION_JOB, FLINK_DEPLOYMENT))
                    .doesNotContain(canary);
            assertThat(session + " " + application + " " + status).doesNotContain(canary);
            assertThat(exchange.redeemed()).isZero();
        }
    }

    @Test
    void testBatchLifecycleAsTheOperatorWritesIt() {
        EngineHandle handle = sessionJobs.submit(batchJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET));
        assertThat(sessionJobs.status(handle).state()).isEqualTo(EngineJobState.QUEUED);

        operatorWrites(FLINK_SESSION_JOB, handle, "CREATED", "DEPLOYED", null);
        assertThat(sessionJobs.status(handle).state()).isEqualTo(EngineJobState.QUEUED);

        operatorWrites(FLINK_SESSION_JOB, handle, "RUNNING", "STABLE", null);
        EngineStatus running = sessionJobs.status(handle);
        assertThat(running.state()).isEqualTo(EngineJobState.RUNNING);
        assertThat(running.handle().attribute("flinkJobId")).contains("a1b2c3d4e5f60718293a4b5c6d7e8f90");

        operatorWrites(FLINK_SESSION_JOB, handle, "FINISHED", "STABLE", null);
        assertThat(sessionJobs.status(handle).state()).isEqualTo(EngineJobState.SUCCEEDED);
        sessionJobs.cancel(handle); // ended: a no-op
        assertThat(kubernetes.get(FLINK_SESSION_JOB, NAMESPACE, handle.engineJobId()))
                .isNotNull();
    }

    @Test
    void testEveryJobStateMaps() {
        Map<String, EngineJobState> expected = new LinkedHashMap<>();
        expected.put("INITIALIZING", EngineJobState.QUEUED);
        expected.put("CREATED", EngineJobState.QUEUED);
        expected.put("RECONCILING", EngineJobState.QUEUED);
        expected.put("RUNNING", EngineJobState.RUNNING);
        expected.put("FAILING", EngineJobState.RUNNING);
        expected.put("RESTARTING", EngineJobState.RUNNING);
        expected.put("CANCELLING", EngineJobState.RUNNING);
        expected.put("FINISHED", EngineJobState.SUCCEEDED);
        expected.put("FAILED", EngineJobState.FAILED);
        expected.put("CANCELED", EngineJobState.CANCELLED);
        expected.put("SUSPENDED", EngineJobState.CANCELLED);
        // a state of a newer Flink is not taken for an end
        expected.put("SOME_NEWER_STATE", EngineJobState.RUNNING);
        assertThat(expected.keySet())
                .containsAll(
                        Arrays.stream(FlinkJobStatus.values()).map(Enum::name).toList());

        EngineHandle handle = sessionJobs.submit(batchJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET));
        expected.forEach((jobState, state) -> {
            operatorWrites(FLINK_SESSION_JOB, handle, jobState, "DEPLOYED", null);
            assertThat(sessionJobs.status(handle).state())
                    .as("job state %s", jobState)
                    .isEqualTo(state);
        });
        // the operator's lifecycle: FAILED wins, also before the job has a state
        operatorWrites(FLINK_SESSION_JOB, handle, null, "FAILED", null);
        assertThat(sessionJobs.status(handle).state()).isEqualTo(EngineJobState.FAILED);
        for (FlinkLifecycleState lifecycle : FlinkLifecycleState.values()) {
            assertThat(FlinkOperatorEngineAdapter.jobState("RUNNING", lifecycle.name(), false))
                    .as("lifecycle %s", lifecycle)
                    .isEqualTo(
                            lifecycle == FlinkLifecycleState.FAILED ? EngineJobState.FAILED : EngineJobState.RUNNING);
        }
    }

    @Test
    void testFailureCarriesTheOperatorsError() {
        EngineHandle handle = sessionJobs.submit(batchJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET));
        // the operator writes its exception as JSON in .status.error
        operatorWrites(
                FLINK_SESSION_JOB,
                handle,
                "FAILED",
                "FAILED",
                "{\"type\":\"org.apache.flink.kubernetes.operator.exception.ReconciliationException\","
                        + "\"message\":\"org.apache.flink.table.api.ValidationException: Object 'orders' not found\","
                        + "\"additionalMetadata\":{},\"throwableList\":[]}");

        EngineStatus status = sessionJobs.status(handle);
        assertThat(status.state()).isEqualTo(EngineJobState.FAILED);
        assertThat(status.message())
                .contains("org.apache.flink.table.api.ValidationException: Object 'orders' not found");

        // before the first deployment: the session cluster is missing
        EngineHandle orphan = sessionJobs.submit(batchJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET));
        operatorWrites(FLINK_SESSION_JOB, orphan, null, "FAILED", "Session cluster nexus-session does not exist");
        assertThat(sessionJobs.status(orphan).message()).contains("Session cluster nexus-session does not exist");

        assertThat(FlinkOperatorEngineAdapter.errorMessage("{not json")).isEqualTo("{not json");
    }

    @Test
    void testCancelOfAStreamingJobStopsItWithASavepoint() {
        EngineHandle handle = sessionJobs.submit(streamingJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET));
        operatorWrites(FLINK_SESSION_JOB, handle, "RUNNING", "STABLE", null);

        sessionJobs.cancel(handle);

        GenericKubernetesResource suspended = kubernetes.get(FLINK_SESSION_JOB, NAMESPACE, handle.engineJobId());
        assertThat((String) suspended.get("spec", "job", "state")).isEqualTo("suspended");
        assertThat((String) suspended.get("spec", "job", "upgradeMode")).isEqualTo("savepoint");
        // the rest of the spec is as submitted
        assertThat((String) suspended.get("spec", "job", "entryClass"))
                .isEqualTo("io.nexusgateway.flink.sql.SqlRunner");
        // the operator has not acted yet: the job still runs
        assertThat(sessionJobs.status(handle).state()).isEqualTo(EngineJobState.RUNNING);

        // the operator stops the job with a savepoint (Flink reports it FINISHED), then records the suspension
        String savepoint = "s3://nexus-flink/savepoints/savepoint-a1b2c3-5f8e2d1c9b7a";
        Map<String, Object> status = status("FINISHED", "STABLE", null);
        jobStatus(status).put("upgradeSavepointPath", savepoint);
        kubernetes.writeStatus(FLINK_SESSION_JOB, NAMESPACE, handle.engineJobId(), status);
        EngineStatus stopped = sessionJobs.status(handle);
        assertThat(stopped.state()).isEqualTo(EngineJobState.CANCELLED);
        assertThat(stopped.handle().attribute("savepointPath")).contains(savepoint);

        status.put("lifecycleState", "SUSPENDED");
        kubernetes.writeStatus(FLINK_SESSION_JOB, NAMESPACE, handle.engineJobId(), status);
        assertThat(sessionJobs.status(handle).state()).isEqualTo(EngineJobState.CANCELLED);

        sessionJobs.cancel(handle); // suspended: a no-op, the resource (and its savepoint) stays
        assertThat(kubernetes.get(FLINK_SESSION_JOB, NAMESPACE, handle.engineJobId()))
                .isNotNull();
    }

    @Test
    void testSavepointOfAnOlderOperator() {
        EngineHandle handle = applications.submit(streamingJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET));
        operatorWrites(FLINK_DEPLOYMENT, handle, "RUNNING", "STABLE", null);
        applications.cancel(handle);

        // operators before FLINK-35265 recorded it in savepointInfo.lastSavepoint
        Map<String, Object> status = status("FINISHED", "SUSPENDED", null);
        jobStatus(status)
                .put(
                        "savepointInfo",
                        Map.of(
                                "lastSavepoint",
                                Map.of(
                                        "timeStamp", 1764700000000L,
                                        "location", "s3://nexus-flink/savepoints/savepoint-old",
                                        "triggerType", "UPGRADE",
                                        "formatType", "CANONICAL"),
                                "savepointHistory",
                                List.of()));
        kubernetes.writeStatus(FLINK_DEPLOYMENT, NAMESPACE, handle.engineJobId(), status);

        EngineStatus stopped = applications.status(handle);
        assertThat(stopped.state()).isEqualTo(EngineJobState.CANCELLED);
        assertThat(stopped.handle().attribute("savepointPath")).contains("s3://nexus-flink/savepoints/savepoint-old");
    }

    @Test
    void testCancelOfABatchJobDeletesIt() {
        EngineHandle handle = sessionJobs.submit(batchJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET));
        operatorWrites(FLINK_SESSION_JOB, handle, "RUNNING", "STABLE", null);
        // the operator's finalizer: it cancels the Flink job before the resource goes
        kubernetes.addFinalizer(
                FLINK_SESSION_JOB, NAMESPACE, handle.engineJobId(), "flinksessionjobs.flink.apache.org/finalizer");

        sessionJobs.cancel(handle);

        assertThat(kubernetes
                        .get(FLINK_SESSION_JOB, NAMESPACE, handle.engineJobId())
                        .getMetadata()
                        .getDeletionTimestamp())
                .isNotNull();
        assertThat(sessionJobs.status(handle).state()).isEqualTo(EngineJobState.CANCELLED);
        sessionJobs.cancel(handle); // being deleted: a no-op

        kubernetes.removeFinalizers(FLINK_SESSION_JOB, NAMESPACE, handle.engineJobId());
        assertThat(kubernetes.get(FLINK_SESSION_JOB, NAMESPACE, handle.engineJobId()))
                .isNull();
        assertThat(sessionJobs.status(handle).state()).isEqualTo(EngineJobState.LOST);
    }

    @Test
    void testFindByLabelAndReattachWithAFreshAdapter() {
        UUID jobId = UUID.randomUUID();
        EngineHandle submitted = sessionJobs.submit(streamingJob(jobId, KubernetesTestJobs.GOLDEN_TICKET));
        sessionJobs.submit(streamingJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET));

        FlinkOperatorEngineAdapter restarted =
                new FlinkOperatorEngineAdapter(kubernetes.newClient(), SESSION, KubernetesTestJobs.ENCODER);
        assertThat(restarted.find(jobId)).contains(submitted);
        assertThat(restarted.find(UUID.randomUUID())).isEmpty();

        operatorWrites(FLINK_SESSION_JOB, submitted, "RUNNING", "STABLE", null);
        restarted.cancel(submitted); // streaming, known from the resource: a suspension, not a deletion
        assertThat((String) kubernetes
                        .get(FLINK_SESSION_JOB, NAMESPACE, submitted.engineJobId())
                        .get("spec", "job", "state"))
                .isEqualTo("suspended");

        // a handle stored under the application configuration still reaches its FlinkDeployment
        EngineHandle application = applications.submit(batchJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET));
        operatorWrites(FLINK_DEPLOYMENT, application, "FINISHED", "STABLE", null);
        assertThat(restarted.status(application).state()).isEqualTo(EngineJobState.SUCCEEDED);
    }

    @Test
    void testResubmittingTheSameJobAnswersTheSameResource() {
        EngineJob job = streamingJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET);
        EngineHandle first = sessionJobs.submit(job);

        assertThat(sessionJobs.submit(job)).isEqualTo(first);
        UUID sameShortId = UUID.fromString(job.id().toString().substring(0, 8) + "-0000-4000-8000-000000000000");
        assertThatThrownBy(() -> sessionJobs.submit(streamingJob(sameShortId, KubernetesTestJobs.GOLDEN_TICKET)))
                .isInstanceOfSatisfying(EngineException.class, failure -> assertThat(failure.kind())
                        .isEqualTo(EngineException.Kind.REJECTED));
    }

    @Test
    void testLostWhenTheResourceIsGone() {
        EngineHandle handle = applications.submit(batchJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET));
        operatorWrites(FLINK_DEPLOYMENT, handle, "RUNNING", "STABLE", null);

        kubernetes
                .newClient()
                .genericKubernetesResources(FLINK_DEPLOYMENT)
                .inNamespace(NAMESPACE)
                .withName(handle.engineJobId())
                .delete();

        EngineStatus status = applications.status(handle);
        assertThat(status.state()).isEqualTo(EngineJobState.LOST);
        assertThat(status.message())
                .contains("FlinkDeployment streaming/" + handle.engineJobId() + " no longer exists");
    }

    @Test
    void testLogsOfAnApplicationClustersJobManager() {
        EngineHandle application = applications.submit(batchJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET));
        EngineHandle session = sessionJobs.submit(batchJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET));
        assertThat(applications.logs(application, 100)).isEmpty(); // no job manager yet

        String jobManager = application.engineJobId() + "-6d8f7c9b5-x2k4q";
        kubernetes
                .newClient()
                .pods()
                .inNamespace(NAMESPACE)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(jobManager)
                        .withNamespace(NAMESPACE)
                        .addToLabels("app", application.engineJobId())
                        .addToLabels("component", "jobmanager")
                        .endMetadata()
                        .withNewStatus()
                        .withPhase("Running")
                        .endStatus()
                        .build())
                .create();
        // the CRUD mode serves no pod logs: the log endpoint is an expectation, as the kubelet would answer
        kubernetes
                .server()
                .expect()
                .get()
                .withPath("/api/v1/namespaces/streaming/pods/" + jobManager + "/log?pretty=false&tailLines=2")
                .andReturn(200, "INFO Job nexus-job switched to RUNNING\nINFO Job nexus-job switched to FINISHED\n")
                .once();

        assertThat(applications.logs(application, 2))
                .containsExactly("INFO Job nexus-job switched to RUNNING", "INFO Job nexus-job switched to FINISHED");
        // a session cluster's log is every job's
        assertThat(sessionJobs.logs(session, 100)).isEmpty();
    }

    @Test
    void testApiServerUnreachableIsUnavailable() {
        EngineHandle handle = sessionJobs.submit(streamingJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET));
        FlinkOperatorEngineAdapter cutOff =
                new FlinkOperatorEngineAdapter(kubernetes.unreachableClient(), SESSION, KubernetesTestJobs.ENCODER);

        Consumer<EngineException> unavailable =
                failure -> assertThat(failure.kind()).isEqualTo(EngineException.Kind.UNAVAILABLE);
        assertThatThrownBy(() -> cutOff.submit(streamingJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET)))
                .isInstanceOfSatisfying(EngineException.class, unavailable)
                .hasMessageContaining("cannot be reached");
        assertThatThrownBy(() -> cutOff.status(handle)).isInstanceOfSatisfying(EngineException.class, unavailable);
        assertThatThrownBy(() -> cutOff.cancel(handle)).isInstanceOfSatisfying(EngineException.class, unavailable);
        assertThatThrownBy(() -> cutOff.find(UUID.randomUUID()))
                .isInstanceOfSatisfying(EngineException.class, unavailable);
    }

    private static EngineJob streamingJob(UUID id, CredentialTicket ticket) {
        return KubernetesTestJobs.copyJob(id, ticket, true);
    }

    private static EngineJob batchJob(UUID id, CredentialTicket ticket) {
        return KubernetesTestJobs.copyJob(id, ticket, false);
    }

    private void operatorWrites(
            ResourceDefinitionContext kind,
            EngineHandle handle,
            @Nullable String jobState,
            String lifecycleState,
            @Nullable String error) {
        kubernetes.writeStatus(kind, NAMESPACE, handle.engineJobId(), status(jobState, lifecycleState, error));
    }

    /** A status as the operator writes it; {@code null}s are left out. */
    private static Map<String, Object> status(
            @Nullable String jobState, String lifecycleState, @Nullable String error) {
        Map<String, Object> jobStatus = new LinkedHashMap<>();
        if (jobState != null) {
            jobStatus.put("jobName", "nexus-job");
            jobStatus.put("jobId", "a1b2c3d4e5f60718293a4b5c6d7e8f90");
            jobStatus.put("state", jobState);
            jobStatus.put("startTime", "1764700000000");
            jobStatus.put("updateTime", "1764700005000");
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("jobStatus", jobStatus);
        if (error != null) {
            status.put("error", error);
        }
        status.put("lifecycleState", lifecycleState);
        status.put("observedGeneration", 1);
        return status;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jobStatus(Map<String, Object> status) {
        return (Map<String, Object>) status.get("jobStatus");
    }
}

package io.nexusgateway.engines.kubernetes;

import static io.nexusgateway.engines.kubernetes.SparkOperatorEngineAdapter.SPARK_APPLICATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.nexusgateway.engines.CredentialExchangeServer;
import io.nexusgateway.engines.CredentialTicket;
import io.nexusgateway.engines.Engine;
import io.nexusgateway.engines.EngineException;
import io.nexusgateway.engines.EngineHandle;
import io.nexusgateway.engines.EngineJob;
import io.nexusgateway.engines.EngineJobState;
import io.nexusgateway.engines.EngineStatus;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link SparkOperatorEngineAdapter} against fabric8's Kubernetes mock in CRUD mode, with the Spark Operator's part
 * played by the test: it writes {@code .status} through the status subresource as the operator does. This is a
 * contract test (no API server or operator runs here): the resource's spec is pinned by a golden file, the status
 * fields are the operator's (api/v1beta2/sparkapplication_types.go).
 */
final class TestSparkOperatorEngineAdapter {
    private static final String NAMESPACE = "etl";
    private static final UUID GOLDEN_JOB_ID = UUID.fromString("3f2c9a1e-5b7d-4c8e-9f10-2a3b4c5d6e7f");
    static final SparkOperatorConfig CONFIG = new SparkOperatorConfig(
            NAMESPACE,
            "registry.example.com/nexus/spark-etl:4.2.0",
            "local:///opt/nexus/spark-etl.jar",
            "4.2.0",
            "nexus-spark",
            new SparkOperatorConfig.Pod(1, "1g"),
            new SparkOperatorConfig.Executors(2, new SparkOperatorConfig.Pod(1, "2g")));

    private OperatorContract kubernetes;
    private SparkOperatorEngineAdapter adapter;

    @BeforeEach
    void startApiServer() {
        kubernetes = OperatorContract.start(SPARK_APPLICATION);
        adapter = newAdapter(kubernetes.newClient());
    }

    @AfterEach
    void stopApiServer() {
        kubernetes.close();
    }

    @Test
    void testSubmittedResourceIsTheGoldenOne() {
        EngineHandle handle =
                adapter.submit(KubernetesTestJobs.copyJob(GOLDEN_JOB_ID, KubernetesTestJobs.GOLDEN_TICKET, false));

        assertThat(adapter.name()).isEqualTo("spark-kubernetes");
        assertThat(adapter.engine()).isEqualTo(Engine.SPARK);
        assertThat(handle.adapter()).isEqualTo("spark-kubernetes");
        assertThat(handle.engineJobId()).isEqualTo("nexus-job-3f2c9a1e");
        assertThat(handle.attributes())
                .containsExactlyEntriesOf(
                        new TreeMap<>(Map.of("jobId", GOLDEN_JOB_ID.toString(), "namespace", NAMESPACE)));
        assertThat(OperatorContract.contractView(kubernetes.get(SPARK_APPLICATION, NAMESPACE, "nexus-job-3f2c9a1e")))
                .isEqualTo(OperatorContract.yaml("/kubernetes/spark-application.golden.yaml"));
        // nothing but the operator writes the status
        assertThat(kubernetes
                        .get(SPARK_APPLICATION, NAMESPACE, "nexus-job-3f2c9a1e")
                        .getAdditionalProperties())
                .doesNotContainKey("status");
    }

    @Test
    void testNoPasswordInTheResource() {
        String canary = "canary-" + UUID.randomUUID();
        try (CredentialExchangeServer exchange = CredentialExchangeServer.start()) {
            CredentialTicket ticket = exchange.issue(Map.of("shop", canary, "warehouse", canary + "-w"));
            EngineJob job = KubernetesTestJobs.copyJob(UUID.randomUUID(), ticket, false);
            EngineHandle handle = adapter.submit(job);
            EngineStatus status = adapter.status(handle);

            // the resource as the API server stores it (and every client of it reads it), the ticket in its arguments
            String stored = kubernetes.rawJson(SPARK_APPLICATION, NAMESPACE, handle.engineJobId());
            assertThat(stored).contains(ticket.token()).doesNotContain(canary);
            assertThat(kubernetes.storedJson(NAMESPACE, SPARK_APPLICATION)).doesNotContain(canary);
            assertThat(handle + " " + status).doesNotContain(canary);
            // the ticket is still good: nothing redeemed it on the way
            assertThat(exchange.redeemed()).isZero();
        }
    }

    @Test
    void testLifecycleAsTheOperatorWritesIt() {
        EngineHandle handle =
                adapter.submit(KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, false));
        assertThat(adapter.status(handle).state()).isEqualTo(EngineJobState.QUEUED);

        operatorWrites(handle, "SUBMITTED", null);
        assertThat(adapter.status(handle).state()).isEqualTo(EngineJobState.QUEUED);

        Map<String, Object> running = status("RUNNING", null);
        running.put("sparkApplicationId", "spark-4b1e0c2d9a7f4e3b");
        running.put(
                "driverInfo",
                Map.of(
                        "podName",
                        handle.engineJobId() + "-driver",
                        "webUIServiceName",
                        handle.engineJobId() + "-ui-svc",
                        "webUIAddress",
                        "10.96.12.7:4040",
                        "webUIPort",
                        4040));
        kubernetes.writeStatus(SPARK_APPLICATION, NAMESPACE, handle.engineJobId(), running);
        EngineStatus status = adapter.status(handle);
        assertThat(status.state()).isEqualTo(EngineJobState.RUNNING);
        assertThat(status.handle().attribute("sparkApplicationId")).contains("spark-4b1e0c2d9a7f4e3b");
        assertThat(status.handle().uiUrl()).contains("http://10.96.12.7:4040");

        running.put("applicationState", Map.of("state", "COMPLETED"));
        running.put(
                "driverInfo",
                Map.of(
                        "webUIAddress",
                        "10.96.12.7:4040",
                        "webUIIngressAddress",
                        "https://spark.example.com/etl/" + handle.engineJobId()));
        kubernetes.writeStatus(SPARK_APPLICATION, NAMESPACE, handle.engineJobId(), running);
        status = adapter.status(handle);
        assertThat(status.state()).isEqualTo(EngineJobState.SUCCEEDED);
        assertThat(status.message()).isEmpty();
        assertThat(status.handle().uiUrl()).contains("https://spark.example.com/etl/" + handle.engineJobId());
    }

    @Test
    void testEveryOperatorStateMaps() {
        Map<String, EngineJobState> expected = new LinkedHashMap<>();
        expected.put("", EngineJobState.QUEUED);
        expected.put("SUBMITTED", EngineJobState.QUEUED);
        expected.put("RUNNING", EngineJobState.RUNNING);
        expected.put("COMPLETED", EngineJobState.SUCCEEDED);
        expected.put("FAILED", EngineJobState.FAILED);
        expected.put("SUBMISSION_FAILED", EngineJobState.FAILED);
        expected.put("PENDING_RERUN", EngineJobState.QUEUED);
        expected.put("INVALIDATING", EngineJobState.QUEUED);
        expected.put("SUCCEEDING", EngineJobState.RUNNING);
        expected.put("FAILING", EngineJobState.RUNNING);
        expected.put("UNKNOWN", EngineJobState.RUNNING);
        // a state of a newer operator is not taken for an end
        expected.put("SUSPENDED_BY_A_NEWER_OPERATOR", EngineJobState.RUNNING);
        assertThat(expected.keySet())
                .containsAll(Arrays.stream(SparkApplicationState.values())
                        .map(SparkApplicationState::wireName)
                        .toList());

        EngineHandle handle =
                adapter.submit(KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, false));
        expected.forEach((wireState, state) -> {
            operatorWrites(handle, wireState, null);
            assertThat(adapter.status(handle).state())
                    .as("state '%s'", wireState)
                    .isEqualTo(state);
        });
    }

    @Test
    void testFailureCarriesTheOperatorsMessage() {
        EngineHandle failed =
                adapter.submit(KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, false));
        operatorWrites(failed, "FAILED", "driver container failed with ExitCode: 1, Reason: Error");
        assertThat(adapter.status(failed))
                .satisfies(status -> assertThat(status.state()).isEqualTo(EngineJobState.FAILED))
                .satisfies(status -> assertThat(status.message())
                        .contains("driver container failed with ExitCode: 1, Reason: Error"));

        EngineHandle refused =
                adapter.submit(KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, false));
        operatorWrites(refused, "SUBMISSION_FAILED", null);
        assertThat(adapter.status(refused).message()).contains("Spark application SUBMISSION_FAILED");
    }

    @Test
    void testCancelDeletesTheApplication() {
        EngineHandle handle =
                adapter.submit(KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, false));
        operatorWrites(handle, "RUNNING", null);

        adapter.cancel(handle);

        assertThat(kubernetes.get(SPARK_APPLICATION, NAMESPACE, handle.engineJobId()))
                .isNull();
        assertThat(adapter.status(handle).state()).isEqualTo(EngineJobState.LOST);
        adapter.cancel(handle); // gone: a no-op
    }

    @Test
    void testCancelledWhileTheDeletionIsUnderWay() {
        EngineHandle handle =
                adapter.submit(KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, false));
        operatorWrites(handle, "RUNNING", null);
        kubernetes.addFinalizer(SPARK_APPLICATION, NAMESPACE, handle.engineJobId(), "sparkoperator.k8s.io/finalizer");

        adapter.cancel(handle);

        assertThat(kubernetes
                        .get(SPARK_APPLICATION, NAMESPACE, handle.engineJobId())
                        .getMetadata()
                        .getDeletionTimestamp())
                .isNotNull();
        assertThat(adapter.status(handle).state()).isEqualTo(EngineJobState.CANCELLED);
        adapter.cancel(handle); // being deleted: a no-op

        kubernetes.removeFinalizers(SPARK_APPLICATION, NAMESPACE, handle.engineJobId());
        assertThat(adapter.status(handle).state()).isEqualTo(EngineJobState.LOST);
    }

    @Test
    void testCancelOfAnEndedJobKeepsIt() {
        EngineHandle handle =
                adapter.submit(KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, false));
        operatorWrites(handle, "COMPLETED", null);

        adapter.cancel(handle);

        assertThat(adapter.status(handle).state()).isEqualTo(EngineJobState.SUCCEEDED);
    }

    @Test
    void testFindByLabelAndReattachWithAFreshAdapter() {
        UUID jobId = UUID.randomUUID();
        EngineHandle submitted =
                adapter.submit(KubernetesTestJobs.copyJob(jobId, KubernetesTestJobs.GOLDEN_TICKET, false));
        adapter.submit(KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, false));

        // a restarted control plane: a new client, a new adapter, only the stored handle
        SparkOperatorEngineAdapter restarted = newAdapter(kubernetes.newClient());
        assertThat(restarted.find(jobId)).contains(submitted);
        assertThat(restarted.find(UUID.randomUUID())).isEmpty();

        operatorWrites(submitted, "COMPLETED", null);
        assertThat(restarted.status(submitted).state()).isEqualTo(EngineJobState.SUCCEEDED);
    }

    @Test
    void testResubmittingAnswersTheSameApplicationAndStreamingIsRefused() {
        EngineJob job = KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, false);
        EngineHandle first = adapter.submit(job);

        assertThat(adapter.submit(job)).isEqualTo(first);

        assertThatThrownBy(() -> adapter.submit(
                        KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, true)))
                .isInstanceOfSatisfying(EngineException.class, failure -> assertThat(failure.kind())
                        .isEqualTo(EngineException.Kind.REJECTED))
                .hasMessageContaining("streaming jobs run on Flink");

        // another job whose id starts alike must not take it over
        UUID sameShortId = UUID.fromString(job.id().toString().substring(0, 8) + "-0000-4000-8000-000000000000");
        assertThatThrownBy(() -> adapter.submit(
                        KubernetesTestJobs.copyJob(sameShortId, KubernetesTestJobs.GOLDEN_TICKET, false)))
                .isInstanceOfSatisfying(EngineException.class, failure -> assertThat(failure.kind())
                        .isEqualTo(EngineException.Kind.REJECTED));
    }

    @Test
    void testLostWhenTheApplicationIsGone() {
        EngineHandle handle =
                adapter.submit(KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, false));
        operatorWrites(handle, "RUNNING", null);

        // e.g. kubectl delete, or the operator's timeToLiveSeconds
        kubernetes
                .newClient()
                .genericKubernetesResources(SPARK_APPLICATION)
                .inNamespace(NAMESPACE)
                .withName(handle.engineJobId())
                .delete();

        EngineStatus status = adapter.status(handle);
        assertThat(status.state()).isEqualTo(EngineJobState.LOST);
        assertThat(status.message()).contains("SparkApplication etl/" + handle.engineJobId() + " no longer exists");
    }

    @Test
    void testLogsAreTheDriverPodsLog() {
        EngineHandle handle =
                adapter.submit(KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, false));
        assertThat(adapter.logs(handle, 100)).isEmpty(); // no driver pod yet

        String driverPod = handle.engineJobId() + "-driver";
        kubernetes
                .newClient()
                .pods()
                .inNamespace(NAMESPACE)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(driverPod)
                        .withNamespace(NAMESPACE)
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
                .withPath("/api/v1/namespaces/etl/pods/" + driverPod + "/log?pretty=false&tailLines=2")
                .andReturn(200, "INFO reading shop.shop.orders\nINFO wrote 300 rows\n")
                .once();

        assertThat(adapter.logs(handle, 2)).containsExactly("INFO reading shop.shop.orders", "INFO wrote 300 rows");
        assertThat(adapter.logs(handle, 0)).isEmpty();
    }

    @Test
    void testApiServerUnreachableIsUnavailable() {
        EngineHandle handle =
                adapter.submit(KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, false));
        SparkOperatorEngineAdapter cutOff = newAdapter(kubernetes.unreachableClient());

        Consumer<EngineException> unavailable =
                failure -> assertThat(failure.kind()).isEqualTo(EngineException.Kind.UNAVAILABLE);
        assertThatThrownBy(() -> cutOff.submit(
                        KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, false)))
                .isInstanceOfSatisfying(EngineException.class, unavailable)
                .hasMessageContaining("cannot be reached");
        assertThatThrownBy(() -> cutOff.status(handle)).isInstanceOfSatisfying(EngineException.class, unavailable);
        assertThatThrownBy(() -> cutOff.cancel(handle)).isInstanceOfSatisfying(EngineException.class, unavailable);
        assertThatThrownBy(() -> cutOff.find(UUID.randomUUID()))
                .isInstanceOfSatisfying(EngineException.class, unavailable);
        assertThatThrownBy(() -> cutOff.logs(handle, 10)).isInstanceOfSatisfying(EngineException.class, unavailable);
    }

    @Test
    void testApiServerErrorsAreUnavailableAndRefusalsRejected() {
        String path = "/apis/sparkoperator.k8s.io/v1beta2/namespaces/etl/sparkapplications";
        kubernetes
                .server()
                .expect()
                .post()
                .withPath(path)
                .andReturn(503, "etcdserver: leader changed")
                .once();
        assertThatThrownBy(() -> adapter.submit(
                        KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, false)))
                .isInstanceOfSatisfying(EngineException.class, failure -> assertThat(failure.kind())
                        .isEqualTo(EngineException.Kind.UNAVAILABLE));

        // an admission webhook or the CRD's schema refusing the resource
        kubernetes
                .server()
                .expect()
                .post()
                .withPath(path)
                .andReturn(
                        422,
                        new StatusBuilder()
                                .withStatus("Failure")
                                .withCode(422)
                                .withReason("Invalid")
                                .withMessage("spec.driver.cores: Invalid value: 0: must be at least 1")
                                .build())
                .once();
        assertThatThrownBy(() -> adapter.submit(
                        KubernetesTestJobs.copyJob(UUID.randomUUID(), KubernetesTestJobs.GOLDEN_TICKET, false)))
                .isInstanceOfSatisfying(EngineException.class, failure -> assertThat(failure.kind())
                        .isEqualTo(EngineException.Kind.REJECTED))
                .hasMessageContaining("spec.driver.cores: Invalid value");
    }

    private static SparkOperatorEngineAdapter newAdapter(KubernetesClient client) {
        return new SparkOperatorEngineAdapter(client, CONFIG, KubernetesTestJobs.ENCODER);
    }

    private void operatorWrites(EngineHandle handle, String state, @Nullable String errorMessage) {
        kubernetes.writeStatus(SPARK_APPLICATION, NAMESPACE, handle.engineJobId(), status(state, errorMessage));
    }

    private static Map<String, Object> status(String state, @Nullable String errorMessage) {
        Map<String, Object> applicationState = new LinkedHashMap<>();
        applicationState.put("state", state);
        Optional.ofNullable(errorMessage).ifPresent(message -> applicationState.put("errorMessage", message));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("applicationState", applicationState);
        status.put("submissionAttempts", 1);
        return status;
    }
}

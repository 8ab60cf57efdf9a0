package io.nexusgateway.engines.kubernetes;

import static io.nexusgateway.engines.kubernetes.KubernetesJobs.JOB_ID_ATTRIBUTE;
import static io.nexusgateway.engines.kubernetes.KubernetesJobs.JOB_ID_LABEL;
import static io.nexusgateway.engines.kubernetes.KubernetesJobs.NAMESPACE_ATTRIBUTE;
import static io.nexusgateway.engines.kubernetes.KubernetesJobs.USER_ANNOTATION;
import static io.nexusgateway.engines.kubernetes.KubernetesJobs.text;
import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.nexusgateway.engines.Engine;
import io.nexusgateway.engines.EngineAdapter;
import io.nexusgateway.engines.EngineException;
import io.nexusgateway.engines.EngineHandle;
import io.nexusgateway.engines.EngineJob;
import io.nexusgateway.engines.EngineJobState;
import io.nexusgateway.engines.EngineStatus;
import io.nexusgateway.engines.EngineTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Spark jobs as the Spark Operator's {@code SparkApplication}s (sparkoperator.k8s.io/v1beta2): submit creates one that
 * runs the Spark ETL application ({@value #MAIN_CLASS}) in cluster mode, whose arguments (the job document with its
 * credential ticket, never a password) come from the injected encoder; status reads what the operator writes in
 * {@code .status}; cancel deletes the resource (the operator's owner references take the driver and executors with
 * it).
 *
 * <p>The adapter holds no state: the handle names the resource (namespace and name), which carries the job's id as
 * the label {@value KubernetesJobs#JOB_ID_LABEL}.
 */
public final class SparkOperatorEngineAdapter implements EngineAdapter {
    public static final String NAME = "spark-kubernetes";
    /** The Spark ETL application's entry point. */
    public static final String MAIN_CLASS = "io.nexusgateway.spark.etl.EtlApplication";

    static final String API_VERSION = "sparkoperator.k8s.io/v1beta2";
    static final String KIND = "SparkApplication";
    static final ResourceDefinitionContext SPARK_APPLICATION = new ResourceDefinitionContext.Builder()
            .withGroup("sparkoperator.k8s.io")
            .withVersion("v1beta2")
            .withKind(KIND)
            .withPlural("sparkapplications")
            .withNamespaced(true)
            .build();

    /** The handle attribute with Spark's own application id ({@code spark-...}), once the operator reports it. */
    public static final String SPARK_APPLICATION_ID_ATTRIBUTE = "sparkApplicationId";

    private final KubernetesClient client;
    private final SparkOperatorConfig config;
    private final Function<EngineJob, List<String>> arguments;

    /**
     * @param client the API server's client; its timeouts bound every call here
     * @param arguments the ETL application's arguments for a job (the job document encoder); they must hold no
     *     password, only the job's credential ticket
     */
    public SparkOperatorEngineAdapter(
            KubernetesClient client, SparkOperatorConfig config, Function<EngineJob, List<String>> arguments) {
        this.client = requireNonNull(client, "client is null");
        this.config = requireNonNull(config, "config is null");
        this.arguments = requireNonNull(arguments, "arguments is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Engine engine() {
        return Engine.SPARK;
    }

    @Override
    public EngineHandle submit(EngineJob job) {
        if (job.streaming()) {
            throw new EngineException(
                    EngineException.Kind.REJECTED,
                    "the Spark ETL application runs batch jobs; streaming jobs run on Flink");
        }
        GenericKubernetesResource application = sparkApplication(job);
        try {
            return handle(applications().resource(application).create());
        } catch (KubernetesClientException e) {
            if (KubernetesJobs.isConflict(e)) {
                return resubmitted(job, application.getMetadata().getName(), e);
            }
            throw KubernetesJobs.translate(
                    "creating SparkApplication " + application.getMetadata().getName(), e);
        }
    }

    @Override
    public Optional<EngineHandle> find(UUID jobId) {
        try {
            return applications().withLabel(JOB_ID_LABEL, jobId.toString()).list().getItems().stream()
                    .findFirst()
                    .map(this::handle);
        } catch (KubernetesClientException e) {
            throw KubernetesJobs.translate("listing SparkApplications of job " + jobId, e);
        }
    }

    @Override
    public EngineStatus status(EngineHandle handle) {
        GenericKubernetesResource application = get(handle);
        if (application == null) {
            return EngineStatus.failed(
                    EngineJobState.LOST,
                    handle,
                    "SparkApplication %s/%s no longer exists".formatted(namespace(handle), handle.engineJobId()));
        }
        EngineHandle updated = withStatus(handle, application);
        if (KubernetesJobs.isBeingDeleted(application)) {
            // cancelled: the API server keeps it until the driver and executors are gone
            return EngineStatus.of(EngineJobState.CANCELLED, updated);
        }
        SparkApplicationState state =
                SparkApplicationState.fromWire(text(application, "status", "applicationState", "state"));
        EngineJobState jobState = state.jobState();
        if (jobState == EngineJobState.FAILED) {
            String message = text(application, "status", "applicationState", "errorMessage");
            return EngineStatus.failed(
                    jobState, updated, message != null ? message : "Spark application " + state.wireName());
        }
        return EngineStatus.of(jobState, updated);
    }

    @Override
    public void cancel(EngineHandle handle) {
        GenericKubernetesResource application = get(handle);
        if (application == null || KubernetesJobs.isBeingDeleted(application)) {
            return;
        }
        SparkApplicationState state =
                SparkApplicationState.fromWire(text(application, "status", "applicationState", "state"));
        if (state.jobState().isTerminal()) {
            // ended: keep the record (and its driver log)
            return;
        }
        try {
            resource(handle)
                    .withPropagationPolicy(DeletionPropagation.FOREGROUND)
                    .delete();
        } catch (KubernetesClientException e) {
            if (!KubernetesJobs.isNotFound(e)) {
                throw KubernetesJobs.translate("deleting SparkApplication " + handle.engineJobId(), e);
            }
        }
    }

    /** The driver pod's log, last {@code maxLines}; empty when the pod is gone (or not yet there). */
    @Override
    public List<String> logs(EngineHandle handle, int maxLines) {
        if (maxLines <= 0) {
            return List.of();
        }
        GenericKubernetesResource application = get(handle);
        String podName = application == null ? null : text(application, "status", "driverInfo", "podName");
        if (podName == null) {
            podName = handle.engineJobId() + "-driver";
        }
        try {
            PodResource pod = client.pods().inNamespace(namespace(handle)).withName(podName);
            if (pod.get() == null) {
                return List.of();
            }
            // no waiting for the pod to be ready: a log call must not block on a pending driver
            String log = pod.tailingLines(maxLines).withReadyWaitTimeout(0).getLog();
            if (log == null || log.isEmpty()) {
                return List.of();
            }
            List<String> lines = log.lines().toList();
            return lines.subList(Math.max(0, lines.size() - maxLines), lines.size());
        } catch (KubernetesClientException e) {
            if (KubernetesJobs.isNotFound(e)) {
                return List.of();
            }
            throw KubernetesJobs.translate("reading the log of pod " + podName, e);
        }
    }

    /** The resource {@link #submit} creates for {@code job}; the encoder's arguments as they are. */
    GenericKubernetesResource sparkApplication(EngineJob job) {
        String name = KubernetesJobs.resourceName(job.id());
        Map<String, String> podLabels = Map.of(JOB_ID_LABEL, job.id().toString());

        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("cores", config.driver().cores());
        driver.put("memory", config.driver().memory());
        driver.put("serviceAccount", config.serviceAccount());
        driver.put("labels", podLabels);

        Map<String, Object> executor = new LinkedHashMap<>();
        executor.put("instances", config.executors().instances());
        executor.put("cores", config.executors().pod().cores());
        executor.put("memory", config.executors().pod().memory());
        executor.put("labels", podLabels);

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", "Java");
        spec.put("mode", "cluster");
        spec.put("image", config.image());
        spec.put("mainClass", MAIN_CLASS);
        spec.put("mainApplicationFile", config.mainApplicationFile());
        spec.put("arguments", List.copyOf(arguments.apply(job)));
        spec.put("sparkVersion", config.sparkVersion());
        // the job id as Spark's app name too, so it shows in Spark's UI and history server
        spec.put("sparkConf", Map.of("spark.app.name", "nexus-job-" + job.id()));
        spec.put("restartPolicy", Map.of("type", "Never"));
        spec.put("driver", driver);
        spec.put("executor", executor);

        return new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(KIND)
                .withNewMetadata()
                .withName(name)
                .withNamespace(config.namespace())
                .addToLabels(JOB_ID_LABEL, job.id().toString())
                .addToAnnotations(USER_ANNOTATION, job.user())
                .addToAnnotations("nexus.io/target", target(job.target()))
                .endMetadata()
                .addToAdditionalProperties("spec", spec)
                .build();
    }

    /** A create answered 409: the same job submitted before (its answer lost) is that one; another job's is refused. */
    private EngineHandle resubmitted(EngineJob job, String name, KubernetesClientException conflict) {
        GenericKubernetesResource existing;
        try {
            existing = applications().withName(name).get();
        } catch (KubernetesClientException e) {
            throw KubernetesJobs.translate("reading SparkApplication " + name, e);
        }
        if (existing != null && job.id().toString().equals(KubernetesJobs.jobIdLabel(existing))) {
            return handle(existing);
        }
        throw new EngineException(
                EngineException.Kind.REJECTED,
                "SparkApplication %s/%s exists for another job".formatted(config.namespace(), name),
                conflict);
    }

    private @Nullable GenericKubernetesResource get(EngineHandle handle) {
        try {
            return resource(handle).get();
        } catch (KubernetesClientException e) {
            throw KubernetesJobs.translate("reading SparkApplication " + handle.engineJobId(), e);
        }
    }

    private EngineHandle handle(GenericKubernetesResource application) {
        EngineHandle handle = new EngineHandle(NAME, application.getMetadata().getName())
                .withAttribute(NAMESPACE_ATTRIBUTE, application.getMetadata().getNamespace());
        String jobId = KubernetesJobs.jobIdLabel(application);
        if (jobId != null) {
            handle = handle.withAttribute(JOB_ID_ATTRIBUTE, jobId);
        }
        return withStatus(handle, application);
    }

    /** {@code handle} with what the operator reported: Spark's application id, the driver's UI. */
    private static EngineHandle withStatus(EngineHandle handle, GenericKubernetesResource application) {
        EngineHandle updated = handle;
        String applicationId = text(application, "status", "sparkApplicationId");
        if (applicationId != null) {
            updated = updated.withAttribute(SPARK_APPLICATION_ID_ATTRIBUTE, applicationId);
        }
        // the ingress where there is one (reachable from outside the cluster), else the in-cluster service
        String ui = Objects.requireNonNullElse(
                text(application, "status", "driverInfo", "webUIIngressAddress"),
                Objects.requireNonNullElse(text(application, "status", "driverInfo", "webUIAddress"), ""));
        if (!ui.isEmpty()) {
            updated = new EngineHandle(
                    updated.adapter(),
                    updated.engineJobId(),
                    updated.attributes(),
                    Optional.of(KubernetesJobs.httpUrl(ui)));
        }
        return updated;
    }

    private Resource<GenericKubernetesResource> resource(EngineHandle handle) {
        return client.genericKubernetesResources(SPARK_APPLICATION)
                .inNamespace(namespace(handle))
                .withName(handle.engineJobId());
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            applications() {
        return client.genericKubernetesResources(SPARK_APPLICATION).inNamespace(config.namespace());
    }

    private static String namespace(EngineHandle handle) {
        return KubernetesJobs.namespace(handle);
    }

    private static String target(EngineTable table) {
        return table.catalog() + "." + table.schema() + "." + table.table();
    }
}

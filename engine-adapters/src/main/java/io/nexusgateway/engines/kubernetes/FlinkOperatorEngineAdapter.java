package io.nexusgateway.engines.kubernetes;

import static io.nexusgateway.engines.kubernetes.KubernetesJobs.JOB_ID_ATTRIBUTE;
import static io.nexusgateway.engines.kubernetes.KubernetesJobs.JOB_ID_LABEL;
import static io.nexusgateway.engines.kubernetes.KubernetesJobs.NAMESPACE_ATTRIBUTE;
import static io.nexusgateway.engines.kubernetes.KubernetesJobs.USER_ANNOTATION;
import static io.nexusgateway.engines.kubernetes.KubernetesJobs.text;
import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.nexusgateway.engines.Engine;
import io.nexusgateway.engines.EngineAdapter;
import io.nexusgateway.engines.EngineException;
import io.nexusgateway.engines.EngineHandle;
import io.nexusgateway.engines.EngineJob;
import io.nexusgateway.engines.EngineJobState;
import io.nexusgateway.engines.EngineStatus;
import io.nexusgateway.engines.flink.FlinkJobStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Flink jobs as the Flink Operator's resources (flink.apache.org/v1beta1): a {@code FlinkSessionJob} on a configured
 * session cluster, or a {@code FlinkDeployment} in application mode per job. The job runs the SQL runner jar with the
 * injected encoder's arguments (the job document with its credential ticket, never a password); streaming jobs use
 * upgrade mode {@code savepoint}, batch jobs {@code stateless}.
 *
 * <p>Cancel is the operator's way: a streaming job is suspended ({@code spec.job.state: suspended}), which the
 * operator does as a stop with a savepoint, reported in {@code .status.jobStatus.upgradeSavepointPath} (older
 * operators: {@code .status.jobStatus.savepointInfo.lastSavepoint.location}) and kept in the handle's {@value
 * #SAVEPOINT_ATTRIBUTE}; a batch job's resource is deleted.
 */
public final class FlinkOperatorEngineAdapter implements EngineAdapter {
    public static final String NAME = "flink-kubernetes";

    /** The handle attribute with Flink's own job id, once the operator reports it. */
    public static final String FLINK_JOB_ID_ATTRIBUTE = "flinkJobId";
    /** The handle attribute with the savepoint a cancelled streaming job stopped with. */
    public static final String SAVEPOINT_ATTRIBUTE = "savepointPath";

    static final String KIND_ATTRIBUTE = "kind";
    static final String STREAMING_ATTRIBUTE = "streaming";
    static final String STREAMING_ANNOTATION = "nexus.io/streaming";

    static final String API_VERSION = "flink.apache.org/v1beta1";
    static final ResourceDefinitionContext FLINK_SESSION_JOB = context("FlinkSessionJob", "flinksessionjobs");
    static final ResourceDefinitionContext FLINK_DEPLOYMENT = context("FlinkDeployment", "flinkdeployments");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KubernetesClient client;
    private final FlinkOperatorConfig config;
    private final Function<EngineJob, List<String>> arguments;

    /**
     * @param client the API server's client; its timeouts bound every call here
     * @param arguments the SQL runner's arguments for a job (the job document encoder); they must hold no password,
     *     only the job's credential ticket
     */
    public FlinkOperatorEngineAdapter(
            KubernetesClient client, FlinkOperatorConfig config, Function<EngineJob, List<String>> arguments) {
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
        return Engine.FLINK;
    }

    @Override
    public EngineHandle submit(EngineJob job) {
        GenericKubernetesResource resource = flinkResource(job);
        String name = resource.getMetadata().getName();
        try {
            return handle(resources(kind()).resource(resource).create());
        } catch (KubernetesClientException e) {
            if (KubernetesJobs.isConflict(e)) {
                return resubmitted(job, name, e);
            }
            throw KubernetesJobs.translate("creating %s %s".formatted(kind().getKind(), name), e);
        }
    }

    @Override
    public Optional<EngineHandle> find(UUID jobId) {
        try {
            return resources(kind()).withLabel(JOB_ID_LABEL, jobId.toString()).list().getItems().stream()
                    .findFirst()
                    .map(this::handle);
        } catch (KubernetesClientException e) {
            throw KubernetesJobs.translate("listing %ss of job %s".formatted(kind().getKind(), jobId), e);
        }
    }

    @Override
    public EngineStatus status(EngineHandle handle) {
        ResourceDefinitionContext kind = kind(handle);
        GenericKubernetesResource resource = get(handle);
        if (resource == null) {
            return EngineStatus.failed(
                    EngineJobState.LOST,
                    handle,
                    "%s %s/%s no longer exists"
                            .formatted(kind.getKind(), KubernetesJobs.namespace(handle), handle.engineJobId()));
        }
        EngineHandle updated = withStatus(handle, resource);
        if (KubernetesJobs.isBeingDeleted(resource)) {
            // cancelled: the operator's finalizer keeps it until the job and its cluster resources are gone
            return EngineStatus.of(EngineJobState.CANCELLED, updated);
        }
        EngineJobState state = jobState(resource);
        if (state == EngineJobState.FAILED) {
            String error = errorMessage(text(resource, "status", "error"));
            return EngineStatus.failed(
                    state,
                    updated,
                    error != null
                            ? error
                            : "Flink job "
                                    + Optional.ofNullable(text(resource, "status", "jobStatus", "state"))
                                            .orElse("failed"));
        }
        return EngineStatus.of(state, updated);
    }

    @Override
    public void cancel(EngineHandle handle) {
        GenericKubernetesResource resource = get(handle);
        if (resource == null
                || KubernetesJobs.isBeingDeleted(resource)
                || jobState(resource).isTerminal()) {
            return;
        }
        try {
            if (isStreaming(resource, handle)) {
                // the operator stops the job with a savepoint and records where it went
                resource(handle)
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"spec\":{\"job\":{\"state\":\"suspended\",\"upgradeMode\":\"savepoint\"}}}");
            } else {
                resource(handle).delete();
            }
        } catch (KubernetesClientException e) {
            if (!KubernetesJobs.isNotFound(e)) {
                throw KubernetesJobs.translate(
                        "cancelling %s %s".formatted(kind(handle).getKind(), handle.engineJobId()), e);
            }
        }
    }

    /**
     * An application cluster's job manager log, last {@code maxLines}. Session jobs answer empty: the session
     * cluster's log holds every job's lines, which are not this job's to show.
     */
    @Override
    public List<String> logs(EngineHandle handle, int maxLines) {
        if (maxLines <= 0 || kind(handle) != FLINK_DEPLOYMENT) {
            return List.of();
        }
        String namespace = KubernetesJobs.namespace(handle);
        try {
            // the operator's labels on an application cluster's job manager pod
            List<Pod> jobManagers = client.pods()
                    .inNamespace(namespace)
                    .withLabel("app", handle.engineJobId())
                    .withLabel("component", "jobmanager")
                    .list()
                    .getItems();
            if (jobManagers.isEmpty()) {
                return List.of();
            }
            String log = client.pods()
                    .inNamespace(namespace)
                    .withName(jobManagers.getFirst().getMetadata().getName())
                    .tailingLines(maxLines)
                    .withReadyWaitTimeout(0)
                    .getLog();
            if (log == null || log.isEmpty()) {
                return List.of();
            }
            List<String> lines = log.lines().toList();
            return lines.subList(Math.max(0, lines.size() - maxLines), lines.size());
        } catch (KubernetesClientException e) {
            if (KubernetesJobs.isNotFound(e)) {
                return List.of();
            }
            throw KubernetesJobs.translate("reading the job manager log of " + handle.engineJobId(), e);
        }
    }

    /**
     * Ours, from the job's state and the operator's lifecycle state. A suspension we asked for ends as CANCELLED once
     * the operator reports the job stopped; FAILED lifecycle (also before the first deployment, with {@code
     * .status.error}) is FAILED; a job state of a newer Flink is taken as running, not as an end.
     */
    static EngineJobState jobState(
            @Nullable String jobStateText, @Nullable String lifecycleText, boolean suspendRequested) {
        Optional<FlinkLifecycleState> lifecycle = FlinkLifecycleState.fromWire(lifecycleText);
        Optional<FlinkJobStatus> job = FlinkJobStatus.fromWire(jobStateText);
        if (lifecycle.filter(state -> state == FlinkLifecycleState.FAILED).isPresent()) {
            return EngineJobState.FAILED;
        }
        if (suspendRequested) {
            if (lifecycle
                    .filter(state -> state == FlinkLifecycleState.SUSPENDED)
                    .isPresent()) {
                return EngineJobState.CANCELLED;
            }
            if (jobStateText == null) {
                // never deployed: nothing runs
                return EngineJobState.CANCELLED;
            }
            return job.map(status -> switch (status) {
                        case FAILED -> EngineJobState.FAILED;
                        case FINISHED, CANCELED, SUSPENDED -> EngineJobState.CANCELLED;
                        case INITIALIZING, CREATED, RUNNING, FAILING, CANCELLING, RESTARTING, RECONCILING ->
                            EngineJobState.RUNNING;
                    })
                    .orElse(EngineJobState.RUNNING);
        }
        if (jobStateText == null) {
            return EngineJobState.QUEUED;
        }
        return job.map(status -> switch (status) {
                    case INITIALIZING, CREATED, RECONCILING -> EngineJobState.QUEUED;
                    case RUNNING, FAILING, RESTARTING, CANCELLING -> EngineJobState.RUNNING;
                    case FINISHED -> EngineJobState.SUCCEEDED;
                    case FAILED -> EngineJobState.FAILED;
                    case CANCELED, SUSPENDED -> EngineJobState.CANCELLED;
                })
                .orElse(EngineJobState.RUNNING);
    }

    /** The resource {@link #submit} creates for {@code job}. */
    GenericKubernetesResource flinkResource(EngineJob job) {
        String name = KubernetesJobs.resourceName(job.id());

        Map<String, Object> jobSpec = new LinkedHashMap<>();
        jobSpec.put("jarURI", config.jarUri());
        jobSpec.put("entryClass", config.entryClass());
        jobSpec.put("args", List.copyOf(arguments.apply(job)));
        jobSpec.put("parallelism", config.parallelism());
        jobSpec.put("upgradeMode", job.streaming() ? "savepoint" : "stateless");
        jobSpec.put("state", "running");

        Map<String, String> flinkConfiguration = new TreeMap<>(config.flinkConfiguration());
        // the job id as Flink's job name, so it shows in Flink's UI and REST API
        flinkConfiguration.put("pipeline.name", "nexus-job-" + job.id());

        Map<String, Object> spec = new LinkedHashMap<>();
        switch (config.cluster()) {
            case FlinkOperatorConfig.SessionCluster session -> {
                spec.put("deploymentName", session.deploymentName());
                spec.put("flinkConfiguration", flinkConfiguration);
                spec.put("job", jobSpec);
            }
            case FlinkOperatorConfig.ApplicationCluster application -> {
                spec.put("image", application.image());
                spec.put("flinkVersion", application.flinkVersion());
                spec.put("serviceAccount", application.serviceAccount());
                spec.put("flinkConfiguration", flinkConfiguration);
                spec.put("jobManager", Map.of("resource", resources(application.jobManager())));
                spec.put("taskManager", Map.of("resource", resources(application.taskManager())));
                spec.put("job", jobSpec);
            }
        }

        return new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(kind().getKind())
                .withNewMetadata()
                .withName(name)
                .withNamespace(config.namespace())
                .addToLabels(JOB_ID_LABEL, job.id().toString())
                .addToAnnotations(USER_ANNOTATION, job.user())
                .addToAnnotations(
                        "nexus.io/target",
                        job.target().catalog() + "." + job.target().schema() + "."
                                + job.target().table())
                .addToAnnotations(STREAMING_ANNOTATION, Boolean.toString(job.streaming()))
                .endMetadata()
                .addToAdditionalProperties("spec", spec)
                .build();
    }

    private static EngineJobState jobState(GenericKubernetesResource resource) {
        return jobState(
                text(resource, "status", "jobStatus", "state"),
                text(resource, "status", "lifecycleState"),
                "suspended".equals(text(resource, "spec", "job", "state")));
    }

    /**
     * {@code .status.error}: the operator writes its exception as JSON ({@code {"type": ..., "message": ...}});
     * older operators wrote the message as it is.
     */
    static @Nullable String errorMessage(@Nullable String error) {
        if (error == null || !error.startsWith("{")) {
            return error;
        }
        try {
            JsonNode message = JSON.readTree(error).path("message");
            return message.isString() && !message.asString().isEmpty() ? message.asString() : error;
        } catch (JacksonException e) {
            return error;
        }
    }

    private EngineHandle resubmitted(EngineJob job, String name, KubernetesClientException conflict) {
        GenericKubernetesResource existing;
        try {
            existing = resources(kind()).withName(name).get();
        } catch (KubernetesClientException e) {
            throw KubernetesJobs.translate("reading %s %s".formatted(kind().getKind(), name), e);
        }
        if (existing != null && job.id().toString().equals(KubernetesJobs.jobIdLabel(existing))) {
            return handle(existing);
        }
        throw new EngineException(
                EngineException.Kind.REJECTED,
                "%s %s/%s exists for another job".formatted(kind().getKind(), config.namespace(), name),
                conflict);
    }

    private @Nullable GenericKubernetesResource get(EngineHandle handle) {
        try {
            return resource(handle).get();
        } catch (KubernetesClientException e) {
            throw KubernetesJobs.translate(
                    "reading %s %s".formatted(kind(handle).getKind(), handle.engineJobId()), e);
        }
    }

    private EngineHandle handle(GenericKubernetesResource resource) {
        EngineHandle handle = new EngineHandle(NAME, resource.getMetadata().getName())
                .withAttribute(NAMESPACE_ATTRIBUTE, resource.getMetadata().getNamespace())
                .withAttribute(KIND_ATTRIBUTE, resource.getKind())
                .withAttribute(STREAMING_ATTRIBUTE, Boolean.toString(isStreaming(resource, null)));
        String jobId = KubernetesJobs.jobIdLabel(resource);
        if (jobId != null) {
            handle = handle.withAttribute(JOB_ID_ATTRIBUTE, jobId);
        }
        return withStatus(handle, resource);
    }

    /** {@code handle} with what the operator reported: Flink's job id, the savepoint a suspension stopped with. */
    private static EngineHandle withStatus(EngineHandle handle, GenericKubernetesResource resource) {
        EngineHandle updated = handle;
        String flinkJobId = text(resource, "status", "jobStatus", "jobId");
        if (flinkJobId != null) {
            updated = updated.withAttribute(FLINK_JOB_ID_ATTRIBUTE, flinkJobId);
        }
        String savepoint = text(resource, "status", "jobStatus", "upgradeSavepointPath");
        if (savepoint == null) {
            savepoint = text(resource, "status", "jobStatus", "savepointInfo", "lastSavepoint", "location");
        }
        if (savepoint != null) {
            updated = updated.withAttribute(SAVEPOINT_ATTRIBUTE, savepoint);
        }
        return updated;
    }

    /** The resource's own annotation decides; the handle's attribute where the annotation is missing. */
    private static boolean isStreaming(GenericKubernetesResource resource, @Nullable EngineHandle handle) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        String annotated = annotations == null ? null : annotations.get(STREAMING_ANNOTATION);
        if (annotated != null) {
            return Boolean.parseBoolean(annotated);
        }
        if (handle != null && handle.attribute(STREAMING_ATTRIBUTE).isPresent()) {
            return Boolean.parseBoolean(handle.attribute(STREAMING_ATTRIBUTE).orElseThrow());
        }
        return "savepoint".equals(text(resource, "spec", "job", "upgradeMode"));
    }

    private static Map<String, Object> resources(FlinkOperatorConfig.Resources resources) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cpu", resources.cpu());
        map.put("memory", resources.memory());
        return map;
    }

    private ResourceDefinitionContext kind() {
        return switch (config.cluster()) {
            case FlinkOperatorConfig.SessionCluster session -> FLINK_SESSION_JOB;
            case FlinkOperatorConfig.ApplicationCluster application -> FLINK_DEPLOYMENT;
        };
    }

    /** The handle's kind: a handle stored under another configuration still reaches its resource. */
    private ResourceDefinitionContext kind(EngineHandle handle) {
        return handle.attribute(KIND_ATTRIBUTE)
                .map(kind -> FLINK_DEPLOYMENT.getKind().equals(kind) ? FLINK_DEPLOYMENT : FLINK_SESSION_JOB)
                .orElseGet(this::kind);
    }

    private Resource<GenericKubernetesResource> resource(EngineHandle handle) {
        return client.genericKubernetesResources(kind(handle))
                .inNamespace(KubernetesJobs.namespace(handle))
                .withName(handle.engineJobId());
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            resources(ResourceDefinitionContext kind) {
        return client.genericKubernetesResources(kind).inNamespace(config.namespace());
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder()
                .withGroup("flink.apache.org")
                .withVersion("v1beta1")
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(true)
                .build();
    }
}

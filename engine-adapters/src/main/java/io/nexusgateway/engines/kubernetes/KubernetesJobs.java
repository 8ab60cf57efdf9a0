package io.nexusgateway.engines.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nexusgateway.engines.EngineException;
import io.nexusgateway.engines.EngineHandle;
import java.net.HttpURLConnection;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What both operator adapters share: resource names, labels, handle attributes, and the API server's errors. */
final class KubernetesJobs {
    /** The label that carries the job's id on every resource (and the pods the operators make from it). */
    static final String JOB_ID_LABEL = "nexus.io/job-id";
    /** The annotation that records who runs the job. */
    static final String USER_ANNOTATION = "nexus.io/user";

    static final String NAMESPACE_ATTRIBUTE = "namespace";
    static final String JOB_ID_ATTRIBUTE = "jobId";

    private KubernetesJobs() {}

    /**
     * {@code nexus-job-} and the id's first group: short enough for the names the operators derive from it (the
     * driver pod, the UI service, 63 characters at most); the label carries the whole id.
     */
    static String resourceName(UUID jobId) {
        return "nexus-job-" + jobId.toString().substring(0, 8);
    }

    static String namespace(EngineHandle handle) {
        return handle.attribute(NAMESPACE_ATTRIBUTE)
                .orElseThrow(() -> new IllegalArgumentException("handle has no namespace: " + handle));
    }

    static @Nullable String jobIdLabel(GenericKubernetesResource resource) {
        return resource.getMetadata().getLabels() == null
                ? null
                : resource.getMetadata().getLabels().get(JOB_ID_LABEL);
    }

    static boolean isBeingDeleted(GenericKubernetesResource resource) {
        return resource.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean isNotFound(KubernetesClientException failure) {
        return failure.getCode() == HttpURLConnection.HTTP_NOT_FOUND;
    }

    static boolean isConflict(KubernetesClientException failure) {
        return failure.getCode() == HttpURLConnection.HTTP_CONFLICT;
    }

    /**
     * The API server's failure as ours: no answer (fabric8's code 0 or -1), 5xx, 429 and the authorization failures (the gateway's service
     * account lacks RBAC: not the job's fault) are {@link EngineException.Kind#UNAVAILABLE}; any other 4xx (an
     * admission webhook or the CRD's schema refused the resource) is {@link EngineException.Kind#REJECTED}.
     */
    static EngineException translate(String action, KubernetesClientException failure) {
        int code = failure.getCode();
        boolean unavailable = code <= 0
                || code >= 500
                || code == 429
                || code == HttpURLConnection.HTTP_UNAUTHORIZED
                || code == HttpURLConnection.HTTP_FORBIDDEN;
        String reason = failure.getStatus() != null && failure.getStatus().getMessage() != null
                ? failure.getStatus().getMessage()
                : String.valueOf(failure.getMessage());
        String message = code <= 0
                ? "the Kubernetes API server cannot be reached (%s): %s".formatted(action, reason)
                : "the Kubernetes API server answered %d (%s): %s".formatted(code, action, reason);
        return new EngineException(
                unavailable ? EngineException.Kind.UNAVAILABLE : EngineException.Kind.REJECTED, message, failure);
    }

    /** A string at {@code path} in {@code resource}, or {@code null} where it is absent or empty. */
    static @Nullable String text(GenericKubernetesResource resource, Object... path) {
        Object value;
        try {
            value = resource.get(path);
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            return null;
        }
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return text.isEmpty() ? null : text;
    }

    /** {@code address} as a URL: the operators write a bare {@code host:port} for in-cluster services. */
    static String httpUrl(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://") ? address : "http://" + address;
    }

    static String requireText(String value, String name) {
        requireNonNull(value, name + " is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return value;
    }
}

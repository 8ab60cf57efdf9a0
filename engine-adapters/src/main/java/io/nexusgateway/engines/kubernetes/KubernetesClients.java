package io.nexusgateway.engines.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;

/**
 * The API server's client for the operator adapters, configured as fabric8 finds it (the pod's service account in a
 * cluster, else {@code KUBECONFIG} or {@code ~/.kube/config}), with bounded calls: fabric8 retries a failed request up
 * to ten times with a growing backoff by default, which would hold a status poll far past any timeout; here a call
 * fails after {@code timeout} and is tried again by the control plane's own next poll.
 */
public final class KubernetesClients {
    private KubernetesClients() {}

    /** A client whose every call (connect, request) ends within {@code timeout}, without retries. */
    public static KubernetesClient create(Duration timeout) {
        return new KubernetesClientBuilder()
                .withConfig(bounded(Config.autoConfigure(null), timeout))
                .build();
    }

    static Config bounded(Config config, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        return new ConfigBuilder(config)
                .withConnectionTimeout(millis)
                .withRequestTimeout(millis)
                .withRequestRetryBackoffLimit(0)
                .build();
    }
}

package io.nexusgateway.engines.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class TestKubernetesClients {
    @Test
    void testCallsAreBoundedAndNotRetried() {
        Config config = KubernetesClients.bounded(
                new ConfigBuilder(Config.empty())
                        .withMasterUrl("https://kubernetes.default.svc")
                        .withNamespace("etl")
                        .build(),
                Duration.ofSeconds(7));

        assertThat(config.getConnectionTimeout()).isEqualTo(7_000);
        assertThat(config.getRequestTimeout()).isEqualTo(7_000);
        assertThat(config.getRequestRetryBackoffLimit()).isZero();
        // the rest is as fabric8 found it
        assertThat(config.getMasterUrl()).startsWith("https://kubernetes.default.svc");
        assertThat(config.getNamespace()).isEqualTo("etl");
    }
}

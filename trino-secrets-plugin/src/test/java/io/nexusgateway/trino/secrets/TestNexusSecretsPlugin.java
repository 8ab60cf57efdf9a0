package io.nexusgateway.trino.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.spi.secrets.SecretProviderFactory;
import io.airlift.spi.secrets.SecretsPlugin;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

final class TestNexusSecretsPlugin {
    @Test
    void testDiscoveredThroughServiceLoader() {
        // what airlift's SecretsPluginManager does with each directory under secrets-plugin/
        List<SecretsPlugin> plugins = ServiceLoader.load(SecretsPlugin.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(plugins).singleElement().isInstanceOf(NexusSecretsPlugin.class);
        assertThat(plugins.getFirst().getSecretProviderFactories())
                .singleElement()
                .extracting(SecretProviderFactory::getName)
                .isEqualTo("nexus");
    }

    @Test
    void testProviderNameIsValidForAirlift() {
        // SecretsPluginManager refuses names outside this pattern
        assertThat(new NexusSecretProviderFactory().getName()).matches("[a-z][a-z0-9_-]*");
    }

    @Test
    void testInvalidConfigurationFailsProviderCreation() {
        assertThatThrownBy(() -> new NexusSecretProviderFactory().createSecretProvider(Map.of("token-file", "/token")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nexus secrets provider property 'control-plane-uri' is required");
    }
}

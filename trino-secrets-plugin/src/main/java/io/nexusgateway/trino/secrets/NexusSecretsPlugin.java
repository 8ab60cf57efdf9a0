package io.nexusgateway.trino.secrets;

import io.airlift.spi.secrets.SecretProviderFactory;
import io.airlift.spi.secrets.SecretsPlugin;
import java.util.List;

/**
 * Entry point named in {@code META-INF/services/io.airlift.spi.secrets.SecretsPlugin}; Trino loads it from
 * {@code secrets-plugin/nexus/} and creates a provider for every {@code secrets.toml} table whose
 * {@code secrets-provider.name} is {@value NexusSecretProviderFactory#NAME}.
 */
public final class NexusSecretsPlugin implements SecretsPlugin {
    @Override
    public List<SecretProviderFactory> getSecretProviderFactories() {
        return List.of(new NexusSecretProviderFactory());
    }
}

package io.nexusgateway.trino.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.trino.runtime.NexusSecretsProvider;
import io.nexusgateway.trino.runtime.TrinoNodeConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every property {@code trino-runtime} writes into this provider's {@code secrets.toml} table
 * ({@link NexusSecretsProvider#plugin}, as bare strings) is one the provider accepts: a key renamed on one side fails
 * here, not when Trino starts.
 */
final class TestTrinoRuntimeProperties {
    private static final String NAME_KEY = "secrets-provider.name";

    @TempDir
    Path temp;

    private TrinoNodeConfig.SecretsPlugin written() {
        return NexusSecretsProvider.plugin(
                temp.resolve("nexus-secrets-plugin"), URI.create("http://127.0.0.1:8080"), temp.resolve("token"));
    }

    @Test
    void testTheProviderTakesEveryKeyWritten() throws IOException {
        Files.writeString(temp.resolve("token"), "internal-token");
        TrinoNodeConfig.SecretsPlugin secrets = written();
        // airlift picks the factory by the name and hands it the rest of the table
        assertThat(secrets.providerProperties()).containsEntry(NAME_KEY, new NexusSecretProviderFactory().getName());
        Map<String, String> properties = new HashMap<>(secrets.providerProperties());
        properties.remove(NAME_KEY);

        NexusSecretProviderConfig config = NexusSecretProviderConfig.fromProperties(properties);

        assertThat(config.controlPlaneUri().toString()).startsWith("http://127.0.0.1:8080");
        assertThat(config.tokenFile()).isEqualTo(temp.resolve("token").toAbsolutePath());
        assertThat(config.retryDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(new NexusSecretProviderFactory().createSecretProvider(properties))
                .isInstanceOf(NexusSecretProvider.class);
    }

    @Test
    void testARenamedKeyFails() {
        Map<String, String> properties = new HashMap<>(written().providerProperties());
        properties.remove(NAME_KEY);
        properties.put("retry-timeout", properties.remove("retry-deadline"));

        assertThatThrownBy(() -> NexusSecretProviderConfig.fromProperties(properties))
                .hasMessageContaining("retry-timeout");
    }
}

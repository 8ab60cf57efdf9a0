package io.nexusgateway.trino.secrets;

import io.airlift.spi.secrets.SecretProvider;
import io.airlift.spi.secrets.SecretProviderFactory;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * Creates the {@code nexus} secret provider from the properties of its {@code secrets.toml} table (minus
 * {@code secrets-provider.name}, which airlift removes). Invalid configuration fails here, so Trino refuses
 * to start with a message naming the property.
 */
public final class NexusSecretProviderFactory implements SecretProviderFactory {
    /** The provider name; must match airlift's {@code [a-z][a-z0-9_-]*}. */
    public static final String NAME = "nexus";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public SecretProvider createSecretProvider(Map<String, String> config) {
        NexusSecretProviderConfig providerConfig = NexusSecretProviderConfig.fromProperties(config);
        return new NexusSecretProvider(providerConfig, createHttpClient(providerConfig), RetryClock.SYSTEM);
    }

    static HttpClient createHttpClient(NexusSecretProviderConfig config) {
        return HttpClient.newBuilder()
                // plain HTTP/1.1: no h2c upgrade dance with the control plane's servlet container
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.requestTimeout())
                // never carry the bearer token to wherever a redirect points
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}

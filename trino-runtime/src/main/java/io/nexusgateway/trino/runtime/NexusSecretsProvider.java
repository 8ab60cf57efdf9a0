package io.nexusgateway.trino.runtime;

import java.net.URI;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Settings of Nexus' secrets provider (module {@code trino-plugin}): Trino resolves {@code ${nexus:KEY}} in catalog
 * properties by asking the control plane's internal endpoint, so passwords never sit in catalog files or query text.
 */
public final class NexusSecretsProvider {
    public static final String NAMESPACE = "nexus";

    private NexusSecretsProvider() {}

    public static TrinoNodeConfig.SecretsPlugin plugin(Path pluginDir, URI controlPlaneUri, Path tokenFile) {
        SortedMap<String, String> properties = new TreeMap<>();
        properties.put("secrets-provider.name", NAMESPACE);
        properties.put("control-plane-uri", controlPlaneUri.toString());
        properties.put("token-file", tokenFile.toAbsolutePath().toString());
        // Trino loads stored catalogs one by one at start: with the control plane down, a long deadline delays the
        // whole start; a catalog that fails here loads disabled and the catalog sync re-creates it later
        properties.put("retry-deadline", "10s");
        return new TrinoNodeConfig.SecretsPlugin(pluginDir, NAMESPACE, properties);
    }
}

package io.nexusgateway.trino.runtime;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What differs between one local Trino node and another: where its home is, its port, heap and the plugins Nexus adds.
 *
 * @param home directory holding {@code etc/}, {@code plugin/}, {@code catalog/} (the dynamic catalog store) and {@code data/}
 * @param httpPort Trino's HTTP port, bound to loopback
 * @param maxHeap {@code -Xmx} value, e.g. {@code 2G}
 * @param extraPlugins plugin directories copied into {@code plugin/} (e.g. Nexus' access control and event listener)
 * @param secretsPlugin a secrets-plugin directory copied into {@code secrets-plugin/} together with its provider configuration
 * @param extraConfig additional {@code config.properties} entries, overriding the generated ones
 * @param etcFiles further properties files written to {@code etc/}, by file name (e.g. {@code access-control.properties})
 * @param security HTTPS and JWT authentication for client traffic; without it Trino takes unauthenticated HTTP
 */
public record TrinoNodeConfig(
        Path home,
        int httpPort,
        String maxHeap,
        List<Path> extraPlugins,
        Optional<SecretsPlugin> secretsPlugin,
        SortedMap<String, String> extraConfig,
        SortedMap<String, SortedMap<String, String>> etcFiles,
        Optional<Security> security) {
    private static final String EVENT_LISTENER_FILES = "event-listener.config-files";

    public TrinoNodeConfig {
        requireNonNull(home, "home is null");
        home = home.toAbsolutePath().normalize();
        if (httpPort <= 0 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort out of range: " + httpPort);
        }
        requireNonNull(maxHeap, "maxHeap is null");
        if (!maxHeap.matches("[0-9]+[mMgG]")) {
            throw new IllegalArgumentException("maxHeap must look like 2G or 1536M: " + maxHeap);
        }
        extraPlugins = List.copyOf(extraPlugins);
        requireNonNull(secretsPlugin, "secretsPlugin is null");
        extraConfig = new TreeMap<>(extraConfig);
        SortedMap<String, SortedMap<String, String>> files = new TreeMap<>();
        etcFiles.forEach((name, properties) -> {
            if (!name.matches("[a-z][a-z0-9-]*\\.properties") || name.equals("config.properties")) {
                throw new IllegalArgumentException("not an extra etc file name: " + name);
            }
            files.put(name, new TreeMap<>(properties));
        });
        etcFiles = files;
        requireNonNull(security, "security is null");
        security.ifPresent(settings -> {
            if (settings.httpsPort() == httpPort) {
                throw new IllegalArgumentException("httpsPort must differ from httpPort: " + httpPort);
            }
        });
    }

    public static TrinoNodeConfig of(Path home, int httpPort, String maxHeap) {
        return new TrinoNodeConfig(
                home,
                httpPort,
                maxHeap,
                List.of(),
                Optional.empty(),
                new TreeMap<>(),
                new TreeMap<>(),
                Optional.empty());
    }

    public TrinoNodeConfig withExtraPlugins(List<Path> plugins) {
        return new TrinoNodeConfig(home, httpPort, maxHeap, plugins, secretsPlugin, extraConfig, etcFiles, security);
    }

    public TrinoNodeConfig withSecretsPlugin(SecretsPlugin plugin) {
        return new TrinoNodeConfig(
                home, httpPort, maxHeap, extraPlugins, Optional.of(plugin), extraConfig, etcFiles, security);
    }

    public TrinoNodeConfig withExtraConfig(Map<String, String> config) {
        SortedMap<String, String> merged = new TreeMap<>(extraConfig);
        merged.putAll(config);
        return new TrinoNodeConfig(home, httpPort, maxHeap, extraPlugins, secretsPlugin, merged, etcFiles, security);
    }

    /** Adds (or replaces) a properties file in {@code etc/}. */
    public TrinoNodeConfig withEtcFile(String fileName, Map<String, String> properties) {
        SortedMap<String, SortedMap<String, String>> files = new TreeMap<>(etcFiles);
        files.put(fileName, new TreeMap<>(properties));
        return new TrinoNodeConfig(home, httpPort, maxHeap, extraPlugins, secretsPlugin, extraConfig, files, security);
    }

    /**
     * Adds an event listener: its properties file in {@code etc/}, appended to {@code event-listener.config-files}
     * (Trino takes several, comma-separated).
     */
    public TrinoNodeConfig withEventListener(String fileName, Map<String, String> properties) {
        String file = home.resolve("etc").resolve(fileName).toString();
        String files = extraConfig.get(EVENT_LISTENER_FILES);
        return withEtcFile(fileName, properties)
                .withExtraConfig(Map.of(EVENT_LISTENER_FILES, files == null ? file : files + "," + file));
    }

    /** Client traffic over HTTPS with JWTs only; the HTTP port stays on loopback for Trino's internal traffic. */
    public TrinoNodeConfig withSecurity(Security settings) {
        return new TrinoNodeConfig(
                home, httpPort, maxHeap, extraPlugins, secretsPlugin, extraConfig, etcFiles, Optional.of(settings));
    }

    /**
     * Trino's front door: HTTPS with a JWT on every request, validated against the control plane's JWKS.
     *
     * @param httpsPort the HTTPS port clients use
     * @param tls keystore and certificate
     * @param jwksUri where Trino fetches the public keys (at start and every 15 minutes)
     * @param issuer the required {@code iss}
     * @param audience the required {@code aud}
     * @param sharedSecret {@code internal-communication.shared-secret}: authenticates Trino's internal requests
     */
    public record Security(
            int httpsPort, TrinoTls tls, URI jwksUri, String issuer, String audience, String sharedSecret) {
        public Security {
            if (httpsPort <= 0 || httpsPort > 65535) {
                throw new IllegalArgumentException("httpsPort out of range: " + httpsPort);
            }
            requireNonNull(tls, "tls is null");
            requireNonNull(jwksUri, "jwksUri is null");
            requireNonNull(issuer, "issuer is null");
            requireNonNull(audience, "audience is null");
            requireNonNull(sharedSecret, "sharedSecret is null");
            if (sharedSecret.length() < 32) {
                throw new IllegalArgumentException("sharedSecret must have at least 32 characters");
            }
        }
    }

    /**
     * A secrets plugin (airlift secrets SPI) and the configuration of the provider namespace it serves.
     *
     * @param pluginDir directory with the plugin's jar(s)
     * @param namespace the name used in references, {@code ${namespace:key}}
     * @param providerProperties the provider's properties, including {@code secrets-provider.name}
     */
    public record SecretsPlugin(Path pluginDir, String namespace, SortedMap<String, String> providerProperties) {
        public SecretsPlugin {
            requireNonNull(pluginDir, "pluginDir is null");
            requireNonNull(namespace, "namespace is null");
            providerProperties = new TreeMap<>(providerProperties);
        }
    }
}

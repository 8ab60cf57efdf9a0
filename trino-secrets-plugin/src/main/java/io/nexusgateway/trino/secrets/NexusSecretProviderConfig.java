package io.nexusgateway.trino.secrets;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Configuration of the {@code nexus} secret provider, read from its table in Trino's {@code etc/secrets.toml}:
 *
 * <pre>{@code
 * [nexus]
 * secrets-provider.name = "nexus"
 * control-plane-uri = "http://127.0.0.1:8080"   # required, http or https, optional path prefix
 * token-file = "/etc/nexus/internal-token"     # required, holds the internal bearer token
 * request-timeout = "10s"                       # optional, per HTTP request (connect and response)
 * retry-deadline = "60s"                        # optional, how long to retry while the control plane is down
 * }</pre>
 *
 * <p>Durations are written as in Trino's configuration: a whole number and a unit ({@code ms}, {@code s},
 * {@code m}, {@code h}), quoted in TOML.
 */
record NexusSecretProviderConfig(URI controlPlaneUri, Path tokenFile, Duration requestTimeout, Duration retryDeadline) {
    static final String CONTROL_PLANE_URI = "control-plane-uri";
    static final String TOKEN_FILE = "token-file";
    static final String REQUEST_TIMEOUT = "request-timeout";
    static final String RETRY_DEADLINE = "retry-deadline";

    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_RETRY_DEADLINE = Duration.ofSeconds(60);

    private static final Set<String> KNOWN_PROPERTIES =
            Set.of(CONTROL_PLANE_URI, TOKEN_FILE, REQUEST_TIMEOUT, RETRY_DEADLINE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    NexusSecretProviderConfig {
        requireNonNull(controlPlaneUri, "controlPlaneUri is null");
        requireNonNull(tokenFile, "tokenFile is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(retryDeadline, "retryDeadline is null");
        controlPlaneUri = validateControlPlaneUri(controlPlaneUri);
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw invalid(REQUEST_TIMEOUT, requestTimeout, "must be greater than zero");
        }
        if (retryDeadline.isNegative()) {
            throw invalid(RETRY_DEADLINE, retryDeadline, "must not be negative");
        }
    }

    /**
     * Binds and validates the provider's properties; every failure is an {@link IllegalArgumentException}
     * whose message names the property (Trino prints it and refuses to start).
     */
    static NexusSecretProviderConfig fromProperties(Map<String, String> properties) {
        requireNonNull(properties, "properties is null");
        Set<String> unknown = new TreeSet<>(properties.keySet());
        unknown.removeAll(KNOWN_PROPERTIES);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown %s secrets provider properties %s; supported: %s"
                    .formatted(NexusSecretProviderFactory.NAME, unknown, new TreeSet<>(KNOWN_PROPERTIES)));
        }
        String uri = required(properties, CONTROL_PLANE_URI);
        String tokenFile = required(properties, TOKEN_FILE);
        return new NexusSecretProviderConfig(
                parseUri(uri),
                Path.of(tokenFile),
                parseDuration(properties, REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT),
                parseDuration(properties, RETRY_DEADLINE, DEFAULT_RETRY_DEADLINE));
    }

    private static String required(Map<String, String> properties, String name) {
        String value = properties.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    "%s secrets provider property '%s' is required".formatted(NexusSecretProviderFactory.NAME, name));
        }
        return value.strip();
    }

    private static URI parseUri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw invalid(CONTROL_PLANE_URI, value, "is not a URI (" + e.getMessage() + ")");
        }
    }

    private static URI validateControlPlaneUri(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(
                    CONTROL_PLANE_URI, uri, "must be an absolute http or https URI, e.g. http://control-plane:8080");
        }
        if (uri.getHost() == null) {
            throw invalid(CONTROL_PLANE_URI, uri, "has no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw invalid(CONTROL_PLANE_URI, uri, "must not contain user info, a query or a fragment");
        }
        // a path prefix is kept: "http://host/nexus" and "http://host/nexus/" both lead to /nexus/internal/v1/...
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    private static Duration parseDuration(Map<String, String> properties, String name, Duration defaultValue) {
        String value = properties.get(name);
        if (value == null) {
            return defaultValue;
        }
        Matcher matcher = DURATION.matcher(value.strip());
        if (!matcher.matches()) {
            throw invalid(name, value, "is not a duration; write a whole number and a unit, e.g. 500ms, 10s or 2m");
        }
        long amount;
        try {
            amount = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            throw invalid(name, value, "is too large");
        }
        try {
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> throw new IllegalStateException("unit not covered by pattern: " + matcher.group(2));
            };
        } catch (ArithmeticException e) {
            throw invalid(name, value, "is too large");
        }
    }

    private static IllegalArgumentException invalid(String name, Object value, String problem) {
        return new IllegalArgumentException("Invalid %s secrets provider property '%s' = '%s': %s"
                .formatted(NexusSecretProviderFactory.NAME, name, value, problem));
    }
}

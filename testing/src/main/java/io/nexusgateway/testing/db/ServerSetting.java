package io.nexusgateway.testing.db;

import static java.util.Objects.requireNonNull;

import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Which server of one kind the tests should use, as configured: {@code host:port}, or {@code embedded}.
 *
 * @param host {@code null} when an embedded server is asked for
 * @param source where the setting came from, for the line {@link TestDatabases} prints
 */
record ServerSetting(DatabaseKind kind, @Nullable String host, int port, String source) {
    static final String EMBEDDED = "embedded";

    ServerSetting {
        requireNonNull(kind, "kind is null");
        requireNonNull(source, "source is null");
    }

    boolean embedded() {
        return host == null;
    }

    /** The system property, else the environment variable, else the machine's server on the default port. */
    static ServerSetting read(
            DatabaseKind kind,
            Function<String, @Nullable String> systemProperties,
            Function<String, @Nullable String> environment) {
        String property = systemProperties.apply(kind.systemProperty());
        if (property != null && !property.isBlank()) {
            return parse(kind, property, "-D" + kind.systemProperty() + "=" + property.strip());
        }
        String variable = environment.apply(kind.environmentVariable());
        if (variable != null && !variable.isBlank()) {
            return parse(kind, variable, kind.environmentVariable() + "=" + variable.strip());
        }
        return new ServerSetting(kind, "127.0.0.1", kind.defaultPort(), "default");
    }

    static ServerSetting parse(DatabaseKind kind, String value, String source) {
        String setting = value.strip();
        if (setting.equalsIgnoreCase(EMBEDDED)) {
            return new ServerSetting(kind, null, 0, source);
        }
        int colon = setting.lastIndexOf(':');
        String host = colon > 0 ? setting.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = -1;
        try {
            port = Integer.parseInt(setting.substring(colon + 1));
        } catch (NumberFormatException ignored) {
            // reported below
        }
        if (host.isBlank() || port < 1 || port > 65_535) {
            // a typo must not silently turn into an embedded server
            throw new IllegalArgumentException("%s: %s must be host:port or '%s', e.g. 127.0.0.1:%s"
                    .formatted(source, kind.systemProperty(), EMBEDDED, kind.defaultPort()));
        }
        return new ServerSetting(kind, host, port, source);
    }
}

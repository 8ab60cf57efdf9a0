package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a datasource's connection goes and how it is protected: what, when changed, would send the stored password to
 * someone else. A {@code PUT} that changes it must send the password again (as Grafana came to require for its data
 * sources): otherwise an admin could repoint a datasource at a server of theirs and let the connection test or the
 * catalog sync deliver the stored password there.
 *
 * @param targetProperties the extra properties whose key names a URL, host, port, endpoint, proxy or TLS setting
 */
record ConnectionTarget(
        String type,
        @Nullable String host,
        @Nullable Integer port,
        @Nullable String database,
        boolean ssl,
        SortedMap<String, String> targetProperties) {
    // Trino's JDBC connectors take the connection from connection-url (which Nexus sets); this catches any other
    // property a connector may have that says where or how securely to connect
    private static final Pattern TARGET_PROPERTY = Pattern.compile(
            ".*(url|uri|host|port|address|endpoint|server|service|proxy|socks|dns|ssl|tls|trust|keystore|cert|"
                    + "kerberos|principal|realm).*");

    ConnectionTarget {
        requireNonNull(type, "type is null");
        targetProperties = new TreeMap<>(targetProperties);
    }

    static ConnectionTarget of(String type, StoredConfig config) {
        SortedMap<String, String> targetProperties = new TreeMap<>();
        config.properties().forEach((key, value) -> {
            if (TARGET_PROPERTY.matcher(key).matches()) {
                targetProperties.put(key, value);
            }
        });
        return new ConnectionTarget(
                type, config.host(), config.port(), config.database(), config.ssl(), targetProperties);
    }

    /** The request fields that differ between this target and {@code other}, e.g. {@code config.host}. */
    List<String> changedFields(ConnectionTarget other) {
        List<String> changed = new ArrayList<>();
        if (!type.equals(other.type)) {
            changed.add("type");
        }
        if (!Objects.equals(host, other.host)) {
            changed.add("config.host");
        }
        if (!Objects.equals(port, other.port)) {
            changed.add("config.port");
        }
        if (!Objects.equals(database, other.database)) {
            changed.add("config.database");
        }
        if (ssl != other.ssl) {
            changed.add("config.ssl");
        }
        TreeMap<String, String> keys = new TreeMap<>(targetProperties);
        keys.putAll(other.targetProperties);
        keys.keySet().forEach(key -> {
            if (!Objects.equals(targetProperties.get(key), other.targetProperties.get(key))) {
                changed.add("config.properties." + key);
            }
        });
        return changed;
    }
}

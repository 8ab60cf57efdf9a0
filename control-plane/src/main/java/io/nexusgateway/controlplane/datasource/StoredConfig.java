package io.nexusgateway.controlplane.datasource;

import io.nexusgateway.connectors.DatasourceSpec;
import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The JSON in {@code data_sources.config}: the connection settings without the password. */
record StoredConfig(
        @Nullable String host,
        @Nullable Integer port,
        @Nullable String database,
        @Nullable String username,
        boolean ssl,
        @Nullable Long connectionTimeout,
        @Nullable Integer maxPoolSize,
        @Nullable Long idleTimeout,
        @Nullable Long maxLifetime,
        @Nullable String timezone,
        SortedMap<String, String> properties) {
    StoredConfig {
        properties = properties == null ? new TreeMap<>() : new TreeMap<>(properties);
    }

    DatasourceSpec toSpec(
            UUID id,
            String type,
            String catalogName,
            @Nullable String passwordReference,
            long secretVersion,
            boolean writable) {
        return new DatasourceSpec(
                id,
                type,
                catalogName,
                host,
                port,
                database,
                username,
                passwordReference,
                ssl,
                connectionTimeout == null ? null : Duration.ofMillis(connectionTimeout),
                maxPoolSize,
                idleTimeout == null ? null : Duration.ofMillis(idleTimeout),
                maxLifetime == null ? null : Duration.ofMillis(maxLifetime),
                timezone,
                properties,
                secretVersion,
                writable);
    }

    DatasourceConfigDto toDto(boolean hasPassword) {
        return new DatasourceConfigDto(
                host,
                port,
                database,
                username,
                hasPassword ? DatasourceConfigDto.PASSWORD_MASK : null,
                ssl,
                connectionTimeout,
                maxPoolSize,
                idleTimeout,
                maxLifetime,
                timezone,
                properties);
    }
}

package io.nexusgateway.controlplane.datasource;

import io.nexusgateway.connectors.DatasourceSpec;
import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The JSON in {@code data_sources.config}: the connection settings without the password. The API's shape ({@link
 * DatasourceConfigDto}) and the connectors' ({@link DatasourceSpec}) are built from it.
 */
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
        return DatasourceSpec.builder(id, type, catalogName)
                .host(host)
                .port(port)
                .database(database)
                .username(username)
                .passwordReference(passwordReference)
                .ssl(ssl)
                .connectionTimeout(millis(connectionTimeout))
                .maxPoolSize(maxPoolSize)
                .idleTimeout(millis(idleTimeout))
                .maxLifetime(millis(maxLifetime))
                .timezone(timezone)
                .extraProperties(properties)
                .secretVersion(secretVersion)
                .writable(writable)
                .build();
    }

    private static @Nullable Duration millis(@Nullable Long millis) {
        return millis == null ? null : Duration.ofMillis(millis);
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

package io.nexusgateway.connectors;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A datasource as the registry hands it to the mapping: what {@link ConnectorType#toCatalog(DatasourceSpec)} turns
 * into Trino catalog properties. Which fields a type uses, and how, is in {@link ConnectorType#fields()}.
 *
 * @param id the datasource's id; it becomes the catalog's owner id
 * @param type a {@link ConnectorTypes} type name, e.g. {@code postgresql}
 * @param catalogName the Trino catalog, see {@link CatalogNames}
 * @param port {@code null} for the type's default port
 * @param database MySQL/MariaDB: the default schema (not in the URL); PostgreSQL: the database in the URL; Oracle: the
 *     service name
 * @param passwordReference a secret reference such as {@code ${nexus:datasource.<uuid>.password}} that Trino resolves
 *     through its secrets provider; never a password. {@code null}: log in without a password
 * @param connectionTimeout {@code null} for the driver's default
 * @param maxPoolSize {@code null} for the connector's default; see the type's field description
 * @param timezone a {@link java.time.ZoneId} id, where the type maps it
 * @param extraProperties further Trino catalog properties, passed through; they cannot override the connection URL,
 *     the credentials or what a field sets. Kept sorted by key
 * @param secretVersion bumped by the registry when the password changes, so the catalog is created again
 * @param writable the datasource accepts writes through Trino; otherwise its source connection is opened read-only
 *     where the driver allows it (see each {@link ConnectorType})
 */
public record DatasourceSpec(
        UUID id,
        String type,
        String catalogName,
        @Nullable String host,
        @Nullable Integer port,
        @Nullable String database,
        @Nullable String username,
        @Nullable String passwordReference,
        boolean ssl,
        @Nullable Duration connectionTimeout,
        @Nullable Integer maxPoolSize,
        @Nullable Duration idleTimeout,
        @Nullable Duration maxLifetime,
        @Nullable String timezone,
        Map<String, String> extraProperties,
        long secretVersion,
        boolean writable) {
    public DatasourceSpec {
        requireNonNull(id, "id is null");
        requireNonNull(type, "type is null");
        requireNonNull(catalogName, "catalogName is null");
        extraProperties = copyOf(requireNonNull(extraProperties, "extraProperties is null"));
    }

    public Optional<String> passwordReferenceIfPresent() {
        return Optional.ofNullable(passwordReference);
    }

    /** A builder with every optional field unset, {@code ssl} false and secret version 0. */
    public static Builder builder(UUID id, String type, String catalogName) {
        return new Builder(id, type, catalogName);
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        return new Builder(id, type, catalogName)
                .host(host)
                .port(port)
                .database(database)
                .username(username)
                .passwordReference(passwordReference)
                .ssl(ssl)
                .connectionTimeout(connectionTimeout)
                .maxPoolSize(maxPoolSize)
                .idleTimeout(idleTimeout)
                .maxLifetime(maxLifetime)
                .timezone(timezone)
                .extraProperties(extraProperties)
                .secretVersion(secretVersion)
                .writable(writable);
    }

    private static SortedMap<String, String> copyOf(Map<String, String> properties) {
        TreeMap<String, String> copy = new TreeMap<>();
        properties.forEach((key, value) -> copy.put(
                requireNonNull(key, "extra property key is null"),
                requireNonNull(value, () -> "extra property '%s' is null".formatted(key))));
        return Collections.unmodifiableSortedMap(copy);
    }

    /** Builds a {@link DatasourceSpec}; unset optional fields stay {@code null}. */
    public static final class Builder {
        private final UUID id;
        private final String type;
        private final String catalogName;
        private @Nullable String host;
        private @Nullable Integer port;
        private @Nullable String database;
        private @Nullable String username;
        private @Nullable String passwordReference;
        private boolean ssl;
        private @Nullable Duration connectionTimeout;
        private @Nullable Integer maxPoolSize;
        private @Nullable Duration idleTimeout;
        private @Nullable Duration maxLifetime;
        private @Nullable String timezone;
        private Map<String, String> extraProperties = Map.of();
        private long secretVersion;
        private boolean writable;

        private Builder(UUID id, String type, String catalogName) {
            this.id = requireNonNull(id, "id is null");
            this.type = requireNonNull(type, "type is null");
            this.catalogName = requireNonNull(catalogName, "catalogName is null");
        }

        public Builder host(@Nullable String host) {
            this.host = host;
            return this;
        }

        public Builder port(@Nullable Integer port) {
            this.port = port;
            return this;
        }

        public Builder database(@Nullable String database) {
            this.database = database;
            return this;
        }

        public Builder username(@Nullable String username) {
            this.username = username;
            return this;
        }

        public Builder passwordReference(@Nullable String passwordReference) {
            this.passwordReference = passwordReference;
            return this;
        }

        public Builder ssl(boolean ssl) {
            this.ssl = ssl;
            return this;
        }

        public Builder connectionTimeout(@Nullable Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        public Builder maxPoolSize(@Nullable Integer maxPoolSize) {
            this.maxPoolSize = maxPoolSize;
            return this;
        }

        public Builder idleTimeout(@Nullable Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder maxLifetime(@Nullable Duration maxLifetime) {
            this.maxLifetime = maxLifetime;
            return this;
        }

        public Builder timezone(@Nullable String timezone) {
            this.timezone = timezone;
            return this;
        }

        public Builder extraProperties(Map<String, String> extraProperties) {
            this.extraProperties = requireNonNull(extraProperties, "extraProperties is null");
            return this;
        }

        public Builder extraProperty(String key, String value) {
            TreeMap<String, String> properties = new TreeMap<>(extraProperties);
            properties.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
            this.extraProperties = properties;
            return this;
        }

        public Builder secretVersion(long secretVersion) {
            this.secretVersion = secretVersion;
            return this;
        }

        public Builder writable(boolean writable) {
            this.writable = writable;
            return this;
        }

        public DatasourceSpec build() {
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
                    connectionTimeout,
                    maxPoolSize,
                    idleTimeout,
                    maxLifetime,
                    timezone,
                    copyOf(extraProperties),
                    secretVersion,
                    writable);
        }
    }
}

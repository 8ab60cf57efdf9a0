package io.nexusgateway.controlplane.datasource;

import io.nexusgateway.connectors.CatalogDefinition;
import io.nexusgateway.connectors.CatalogNames;
import io.nexusgateway.connectors.CatalogSecrets;
import io.nexusgateway.connectors.ConnectorType;
import io.nexusgateway.connectors.ConnectorTypes;
import io.nexusgateway.connectors.DatasourceSpec;
import io.nexusgateway.connectors.FieldDescriptor;
import io.nexusgateway.connectors.InvalidDatasourceException;
import io.nexusgateway.controlplane.datasource.DatasourceExceptions.FieldError;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Checks a datasource request against its type's fields, all at once, before anything is stored. */
@Component
class DatasourceValidator {
    private static final int MAX_NAME = 128;
    private static final long MAX_TIMEOUT_MS = 3_600_000;
    private static final Pattern PROPERTY_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

    Validated validateCreate(DatasourceRequest request) {
        String catalogName = null;
        if (request.name() != null && !request.name().isBlank()) {
            try {
                catalogName = CatalogNames.derive(request.name().strip());
            } catch (IllegalArgumentException e) {
                throw DatasourceExceptions.invalidCatalogName(request.name(), e.getMessage());
            }
        }
        return validate(request, catalogName, DatasourceStatus.ACTIVE, false);
    }

    Validated validateUpdate(
            DatasourceRequest request, String catalogName, DatasourceStatus currentStatus, boolean currentWritable) {
        return validate(request, catalogName, currentStatus, currentWritable);
    }

    CatalogDefinition catalogOf(DatasourceSpec spec) {
        return ConnectorTypes.toCatalog(spec);
    }

    private Validated validate(
            DatasourceRequest request,
            @Nullable String catalogName,
            DatasourceStatus defaultStatus,
            boolean defaultWritable) {
        List<FieldError> errors = new ArrayList<>(DatasourceStrings.errors(request));
        String name = request.name() == null ? null : request.name().strip();
        if (name == null || name.isEmpty()) {
            errors.add(new FieldError("name", "REQUIRED", "is required"));
        } else if (name.length() > MAX_NAME) {
            errors.add(new FieldError("name", "TOO_LONG", "must be at most " + MAX_NAME + " characters"));
        }
        if (request.type() == null || request.type().isBlank()) {
            errors.add(new FieldError("type", "REQUIRED", "is required"));
            throw DatasourceExceptions.invalid(errors);
        }
        String typeName = request.type().strip().toLowerCase(java.util.Locale.ROOT);
        ConnectorType type = ConnectorTypes.find(typeName)
                .orElseThrow(() -> DatasourceExceptions.unknownType(
                        request.type(),
                        ConnectorTypes.all().stream().map(ConnectorType::type).toList()));
        DatasourceStatus status = request.status() == null
                ? defaultStatus
                : DatasourceStatus.fromWire(request.status().strip().toLowerCase(java.util.Locale.ROOT))
                        .filter(DatasourceStatus::settable)
                        .orElse(null);
        if (status == null) {
            errors.add(new FieldError("status", "INVALID", "must be active or inactive"));
        }
        if (request.description() != null && request.description().length() > 2000) {
            errors.add(new FieldError("description", "TOO_LONG", "must be at most 2000 characters"));
        }

        DatasourceConfigDto config = request.config() == null
                ? new DatasourceConfigDto(null, null, null, null, null, null, null, null, null, null, null, null)
                : request.config();
        refuseSecretReferences(config);
        boolean needsConnection = type.defaultPort().isPresent();
        String host = trimmed(config.host());
        Integer port = config.port();
        if (needsConnection) {
            if (host != null && !host.matches("[A-Za-z0-9.:\\[\\]_-]{1,253}")) {
                errors.add(new FieldError("config.host", "INVALID", "must be a host name or IP address"));
            }
            if (port == null) {
                port = type.defaultPort().getAsInt();
            }
            if (port < 1 || port > 65535) {
                errors.add(new FieldError("config.port", "OUT_OF_RANGE", "must be between 1 and 65535"));
            }
        }
        // what each type requires comes from its field descriptors: the one place that knows the type
        requireField(errors, type, "host", host);
        requireField(errors, type, "username", trimmed(config.username()));
        requireField(errors, type, "database", trimmed(config.database()));
        checkRange(errors, "config.connectionTimeout", config.connectionTimeout(), 0, MAX_TIMEOUT_MS);
        checkRange(errors, "config.idleTimeout", config.idleTimeout(), 0, MAX_TIMEOUT_MS * 24);
        checkRange(errors, "config.maxLifetime", config.maxLifetime(), 0, MAX_TIMEOUT_MS * 24);
        if (config.maxPoolSize() != null && (config.maxPoolSize() < 1 || config.maxPoolSize() > 1000)) {
            errors.add(new FieldError("config.maxPoolSize", "OUT_OF_RANGE", "must be between 1 and 1000"));
        }
        if (config.timezone() != null) {
            try {
                ZoneId.of(config.timezone());
            } catch (RuntimeException e) {
                errors.add(new FieldError(
                        "config.timezone", "INVALID", "must be a time zone id such as UTC or Europe/Paris"));
            }
        }
        if (config.password() != null && config.password().length() > 1024) {
            errors.add(new FieldError("config.password", "TOO_LONG", "must be at most 1024 characters"));
        }
        SortedMap<String, String> extra = config.propertiesOrEmpty();
        for (Map.Entry<String, String> property : extra.entrySet()) {
            if (!PROPERTY_NAME.matcher(property.getKey()).matches()) {
                errors.add(new FieldError(
                        "config.properties." + property.getKey(), "INVALID", "is not a connector property name"));
            }
            if (property.getValue() == null || property.getValue().length() > 4096) {
                errors.add(new FieldError(
                        "config.properties." + property.getKey(),
                        "INVALID",
                        "needs a value of at most 4096 characters"));
            }
        }
        if (!errors.isEmpty()) {
            throw DatasourceExceptions.invalid(errors);
        }
        StoredConfig stored = new StoredConfig(
                host,
                needsConnection ? port : null,
                trimmed(config.database()),
                trimmed(config.username()),
                Boolean.TRUE.equals(config.ssl()),
                config.connectionTimeout(),
                config.maxPoolSize(),
                config.idleTimeout(),
                config.maxLifetime(),
                trimmed(config.timezone()),
                extra);
        String catalog = java.util.Objects.requireNonNull(catalogName);
        boolean writable = request.writable() == null ? defaultWritable : request.writable();
        // the mapping itself has the last word (reserved properties, type-specific rules)
        java.util.UUID checkId = java.util.UUID.randomUUID();
        try {
            ConnectorTypes.toCatalog(stored.toSpec(
                    checkId,
                    typeName,
                    catalog,
                    config.password() == null ? null : CatalogSecrets.passwordReference(checkId.toString()),
                    0,
                    writable));
        } catch (InvalidDatasourceException e) {
            throw DatasourceExceptions.invalid(
                    List.of(new FieldError("config." + e.field(), "INVALID", e.getMessage())));
        }
        return new Validated(
                name,
                typeName,
                request.description(),
                java.util.Objects.requireNonNull(status),
                writable,
                catalog,
                stored,
                config.password());
    }

    /**
     * Trino resolves {@code ${provider:key}} anywhere in a catalog property: a value such as {@code
     * ${nexus:datasource.<other id>.password}} or {@code ${ENV:HOME}} would put someone else's secret into a setting
     * the source's errors show. No value that can reach Trino may contain {@code ${}. The password reaches Trino only
     * through its reference, but the connector interpolates {@code ${ENV:...}} once more in what the secrets provider
     * returns: it may contain {@code ${}, only not a {@code ${name:key}}. The catalog mapping (and the secrets
     * endpoint for the password) refuse them again, as the last line of defense.
     */
    private static void refuseSecretReferences(DatasourceConfigDto config) {
        List<String> fields = new ArrayList<>();
        addIfReference(fields, "config.host", config.host());
        addIfReference(fields, "config.database", config.database());
        addIfReference(fields, "config.username", config.username());
        addIfReference(fields, "config.timezone", config.timezone());
        if (config.password() != null && CatalogSecrets.containsResolvableReference(config.password())) {
            fields.add("config.password");
        }
        config.propertiesOrEmpty().forEach((key, value) -> {
            // a key is named only when it is a plausible property name: never echo what it holds otherwise
            boolean nameable = PROPERTY_NAME.matcher(key).matches();
            addIfReference(fields, "config.properties", key);
            addIfReference(fields, nameable ? "config.properties." + key : "config.properties", value);
        });
        List<FieldError> errors = fields.stream()
                .distinct()
                .map(field -> new FieldError(
                        field,
                        "SECRET_REFERENCE_NOT_ALLOWED",
                        field.equals("config.password")
                                ? "must not contain '${name:key}': Trino would resolve it as a secret reference"
                                : "must not contain '${': Trino would resolve it as a secret reference"))
                .toList();
        if (!errors.isEmpty()) {
            throw DatasourceExceptions.secretReference(errors);
        }
    }

    private static void addIfReference(List<String> fields, String field, @Nullable String value) {
        if (value != null && CatalogSecrets.containsReference(value)) {
            fields.add(field);
        }
    }

    private static void requireField(
            List<FieldError> errors, ConnectorType type, String field, @Nullable String value) {
        boolean required = type.field(field).map(FieldDescriptor::required).orElse(false);
        if (required && value == null) {
            errors.add(new FieldError("config." + field, "REQUIRED", "is required for type " + type.type()));
        }
    }

    private static void checkRange(List<FieldError> errors, String field, @Nullable Long value, long min, long max) {
        if (value != null && (value < min || value > max)) {
            errors.add(
                    new FieldError(field, "OUT_OF_RANGE", "must be between " + min + " and " + max + " milliseconds"));
        }
    }

    private static @Nullable String trimmed(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        return stripped.isEmpty() ? null : stripped;
    }

    record Validated(
            String name,
            String type,
            @Nullable String description,
            DatasourceStatus status,
            boolean writable,
            String catalogName,
            StoredConfig config,
            @Nullable String password) {}
}

package io.nexusgateway.connectors;

import static java.util.Objects.requireNonNull;

/**
 * A datasource cannot be mapped to a Trino catalog: a field is missing or invalid, or an extra property would
 * override what Nexus controls. The message says which field and why; it never contains a password.
 */
public final class InvalidDatasourceException extends IllegalArgumentException {
    private final String field;

    private InvalidDatasourceException(String field, String message) {
        super(message);
        this.field = requireNonNull(field, "field is null");
    }

    /** The datasource field at fault, e.g. {@code host}, or {@code properties.<key>} for an extra property. */
    public String field() {
        return field;
    }

    public static InvalidDatasourceException unknownType(String type) {
        return new InvalidDatasourceException(
                "type", "unknown datasource type '%s'; known types: %s".formatted(type, ConnectorTypes.typeNames()));
    }

    public static InvalidDatasourceException missing(String type, String field) {
        return new InvalidDatasourceException(field, "%s datasource needs '%s'".formatted(type, field));
    }

    public static InvalidDatasourceException invalid(String field, String reason) {
        return new InvalidDatasourceException(field, "invalid '%s': %s".formatted(field, reason));
    }

    /**
     * {@code field} holds {@code ${}, which Trino would resolve as a secret reference (another datasource's password,
     * its environment): never allowed in what a user sets. The value is not echoed.
     */
    public static InvalidDatasourceException secretReference(String field) {
        return new InvalidDatasourceException(
                field,
                "invalid '%s': '${' is not allowed: Trino would resolve it as a secret reference".formatted(field));
    }

    public static InvalidDatasourceException reservedProperty(String key) {
        return new InvalidDatasourceException(
                "properties." + key,
                "extra property '%s' is reserved: Nexus sets the connection URL and credentials from the datasource's fields"
                        .formatted(key));
    }

    public static InvalidDatasourceException propertyOwnedByField(String key, String field) {
        return new InvalidDatasourceException(
                "properties." + key, "extra property '%s' is set through the field '%s'".formatted(key, field));
    }
}

package io.nexusgateway.connectors;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One datasource field of a {@link ConnectorType}, for a form or a JSON schema.
 *
 * @param name the field, one of {@link DatasourceFields#ALL}
 * @param format a JSON schema format hint: {@code hostname}, {@code password}, {@code duration} (ISO-8601, e.g.
 *     {@code PT10S}), {@code time-zone}; or {@code null}
 * @param defaultValue what applies when the field is left empty, or {@code null}
 * @param description what the field does for this type, and where it has no effect, that it has none
 * @param mapsTo the Trino catalog property (and URL parameter) the field becomes; {@code null} if the field has no
 *     effect on the catalog of this type
 */
public record FieldDescriptor(
        String name,
        JsonType type,
        @Nullable String format,
        boolean required,
        @Nullable Object defaultValue,
        String description,
        @Nullable String mapsTo) {
    public FieldDescriptor {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(description, "description is null");
    }

    /** Whether the field reaches the Trino catalog for this type. */
    public boolean applied() {
        return mapsTo != null;
    }
}

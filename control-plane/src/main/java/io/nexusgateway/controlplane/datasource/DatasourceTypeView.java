package io.nexusgateway.controlplane.datasource;

import io.nexusgateway.connectors.ConnectorType;
import io.nexusgateway.connectors.FieldDescriptor;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A datasource type as {@code GET /api/v1/datasource-types} describes it: enough to draw a form. */
public record DatasourceTypeView(
        String type,
        String displayName,
        String connector,
        @Nullable Integer defaultPort,
        List<Field> fields) {
    public DatasourceTypeView {
        fields = List.copyOf(fields);
    }

    static DatasourceTypeView of(ConnectorType type) {
        return new DatasourceTypeView(
                type.type(),
                type.displayName(),
                type.connectorName(),
                type.defaultPort().isPresent() ? type.defaultPort().getAsInt() : null,
                type.fields().stream().map(Field::of).toList());
    }

    /**
     * @param type JSON type of the value in {@code config}
     * @param format a hint: {@code hostname}, {@code password}, {@code milliseconds}, {@code time-zone}
     * @param mapsTo the Trino catalog property the field becomes, or {@code null} where it has no effect for this type
     */
    public record Field(
            String name,
            String type,
            @Nullable String format,
            boolean required,
            @Nullable Object defaultValue,
            String description,
            @Nullable String mapsTo) {
        static Field of(FieldDescriptor descriptor) {
            // the API carries durations as milliseconds, like HikariCP's settings
            if ("duration".equals(descriptor.format())) {
                Object defaultMillis = descriptor.defaultValue() == null
                        ? null
                        : Duration.parse(descriptor.defaultValue().toString()).toMillis();
                return new Field(
                        descriptor.name(),
                        "integer",
                        "milliseconds",
                        descriptor.required(),
                        defaultMillis,
                        descriptor.description(),
                        descriptor.mapsTo());
            }
            return new Field(
                    descriptor.name(),
                    descriptor.type().jsonName(),
                    descriptor.format(),
                    descriptor.required(),
                    descriptor.defaultValue(),
                    descriptor.description(),
                    descriptor.mapsTo());
        }
    }
}

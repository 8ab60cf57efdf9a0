package io.nexusgateway.controlplane.trino.client;

import io.nexusgateway.controlplane.result.ColumnType;
import io.trino.client.ClientTypeSignature;
import io.trino.client.ClientTypeSignatureParameter;
import io.trino.client.NamedClientTypeSignature;
import io.trino.client.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Trino's client types and values in the engine-neutral vocabulary of {@link ColumnType}. */
public final class TrinoTypes {
    private TrinoTypes() {}

    /** The portable type of a column of Trino type {@code signature}. */
    public static ColumnType of(ClientTypeSignature signature) {
        String raw = signature.getRawType().toLowerCase(Locale.ROOT);
        String trino = signature.toString();
        return switch (raw) {
            case "boolean" -> scalar("boolean", trino, ColumnType.Kind.BOOLEAN);
            case "tinyint", "smallint", "integer" -> scalar("integer", trino, ColumnType.Kind.INTEGER);
            case "bigint" -> scalar("bigint", trino, ColumnType.Kind.BIGINT);
            case "real" -> scalar("double", trino, ColumnType.Kind.REAL);
            case "double" -> scalar("double", trino, ColumnType.Kind.DOUBLE);
            case "decimal" -> scalar("decimal", trino, ColumnType.Kind.TEXT);
            case "varchar", "char" -> scalar("string", trino, ColumnType.Kind.TEXT);
            case "varbinary" -> scalar("binary", trino, ColumnType.Kind.BINARY);
            case "json" -> scalar("json", trino, ColumnType.Kind.TEXT);
            case "uuid" -> scalar("uuid", trino, ColumnType.Kind.TEXT);
            case "date" -> scalar("date", trino, ColumnType.Kind.TEXT);
            case "time" -> scalar("time", trino, ColumnType.Kind.TEXT);
            case "time with time zone" -> scalar("time_tz", trino, ColumnType.Kind.TEXT);
            case "timestamp" -> scalar("timestamp", trino, ColumnType.Kind.TIMESTAMP);
            case "timestamp with time zone" -> scalar("timestamp_tz", trino, ColumnType.Kind.TIMESTAMP_TZ);
            case "interval year to month", "interval day to second" -> scalar("interval", trino, ColumnType.Kind.TEXT);
            case "array" ->
                new ColumnType(
                        "array",
                        trino,
                        ColumnType.Kind.ARRAY,
                        List.of(of(signature.getArgumentsAsTypeSignatures().getFirst())),
                        List.of());
            case "map" ->
                new ColumnType(
                        "map",
                        trino,
                        ColumnType.Kind.MAP,
                        signature.getArgumentsAsTypeSignatures().stream()
                                .map(TrinoTypes::of)
                                .toList(),
                        List.of());
            case "row" -> row(signature, trino);
            // ipaddress, geometry, sketches, the type of a bare NULL ("unknown"): Trino's text form
            default -> scalar("other", trino, ColumnType.Kind.TEXT);
        };
    }

    private static ColumnType row(ClientTypeSignature signature, String trino) {
        List<ColumnType> children = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int index = 1;
        for (ClientTypeSignatureParameter parameter : signature.getArguments()) {
            NamedClientTypeSignature field = parameter.getNamedTypeSignature();
            children.add(of(field.getTypeSignature()));
            names.add(field.getName().orElse("_col" + index));
            index++;
        }
        return new ColumnType("struct", trino, ColumnType.Kind.ROW, children, names);
    }

    private static ColumnType scalar(String portable, String trino, ColumnType.Kind kind) {
        return new ColumnType(portable, trino, kind, List.of(), List.of());
    }

    /** True when values of {@code type} can hold Trino {@link Row}s, which {@link #neutral} turns into lists. */
    static boolean holdsRows(ColumnType type) {
        return type.kind() == ColumnType.Kind.ROW || type.children().stream().anyMatch(TrinoTypes::holdsRows);
    }

    /** The value with every {@link Row} in it replaced by the list of its field values, as {@link ColumnType} takes a row. */
    static @Nullable Object neutral(@Nullable Object value) {
        return switch (value) {
            case null -> null;
            case Row row ->
                row.getFields().stream().map(field -> neutral(field.getValue())).toList();
            case List<?> list -> list.stream().map(TrinoTypes::neutral).toList();
            case Map<?, ?> map -> {
                Map<@Nullable Object, @Nullable Object> converted = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    converted.put(neutral(entry.getKey()), neutral(entry.getValue()));
                }
                yield converted;
            }
            default -> value;
        };
    }
}

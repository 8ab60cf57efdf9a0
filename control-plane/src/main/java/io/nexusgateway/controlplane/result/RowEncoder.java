package io.nexusgateway.controlplane.result;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvGenerator;

/**
 * Rows of decoded values (as an engine's client hands them) in the API's forms: JSON values, NDJSON arrays, CSV
 * records. Rows still in the engine's JSON go through {@link JsonRowWriter} instead.
 */
public final class RowEncoder {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RowEncoder() {}

    /** The JSON value of each of a row's values ({@link ColumnType#toJson}). */
    public static List<@Nullable Object> toJson(List<Object> row, List<ColumnType> types) {
        List<@Nullable Object> converted = new ArrayList<>(types.size());
        for (int i = 0; i < types.size(); i++) {
            converted.add(types.get(i).toJson(row.get(i)));
        }
        return converted;
    }

    /** One row as a JSON array (the caller ends the NDJSON line). */
    public static void writeJsonRow(JsonGenerator generator, List<Object> row, List<ColumnType> types) {
        generator.writeStartArray();
        for (int i = 0; i < types.size(); i++) {
            writeJson(generator, types.get(i).toJson(row.get(i)));
        }
        generator.writeEndArray();
    }

    /** One row as a CSV record: SQL NULL is an empty field, nested values are JSON text. */
    public static void writeCsvRow(CsvGenerator generator, List<Object> row, List<ColumnType> types) {
        generator.writeStartArray();
        for (int i = 0; i < types.size(); i++) {
            Object value = types.get(i).toJson(row.get(i));
            if (value == null) {
                generator.writeNull();
            } else if (value instanceof String text) {
                generator.writeString(text);
            } else if (value instanceof List<?> || value instanceof Map<?, ?>) {
                generator.writeString(jsonText(value));
            } else {
                generator.writeString(value.toString());
            }
        }
        generator.writeEndArray();
    }

    /** A value {@link ColumnType#toJson} made: exact numbers stay exact. */
    public static void writeJson(JsonGenerator generator, @Nullable Object value) {
        switch (value) {
            case null -> generator.writeNull();
            case String text -> generator.writeString(text);
            case Long number -> generator.writeNumber(number);
            case Integer number -> generator.writeNumber(number);
            case Short number -> generator.writeNumber(number);
            case Byte number -> generator.writeNumber(number);
            case Double number -> generator.writeNumber(number);
            case BigDecimal number -> generator.writeNumber(number);
            case Boolean bool -> generator.writeBoolean(bool);
            case List<?> list -> {
                generator.writeStartArray();
                for (Object item : list) {
                    writeJson(generator, item);
                }
                generator.writeEndArray();
            }
            case Map<?, ?> map -> {
                generator.writeStartObject();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    generator.writeName(String.valueOf(entry.getKey()));
                    writeJson(generator, entry.getValue());
                }
                generator.writeEndObject();
            }
            default -> generator.writeString(value.toString());
        }
    }

    // nested values inside a CSV field are written as JSON text
    private static String jsonText(Object value) {
        StringWriter writer = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(writer)) {
            writeJson(generator, value);
        }
        return writer.toString();
    }
}

package io.nexusgateway.controlplane.result;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A result column's portable type and the conversion of its values to JSON values that lose nothing (README, "Result
 * types"). An engine's client builds it from the engine's type and hands values as Java values: numbers, strings,
 * {@code byte[]}, lists, maps, and a row as the list of its field values. Built once per column; {@link #toJson} runs
 * once per value.
 *
 * @param portable the portable type name ({@code integer}, {@code timestamp_tz}, ...)
 * @param trino Trino's full type, e.g. {@code decimal(38,10)}
 */
public record ColumnType(String portable, String trino, Kind kind, List<ColumnType> children, List<String> fieldNames) {
    /** Largest magnitude a JSON number keeps exactly in an IEEE double (JavaScript's Number.MAX_SAFE_INTEGER). */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    public enum Kind {
        BOOLEAN,
        INTEGER,
        BIGINT,
        REAL,
        DOUBLE,
        TEXT,
        TIMESTAMP,
        TIMESTAMP_TZ,
        BINARY,
        ARRAY,
        MAP,
        ROW
    }

    public ColumnType {
        requireNonNull(portable, "portable is null");
        requireNonNull(trino, "trino is null");
        requireNonNull(kind, "kind is null");
        children = List.copyOf(children);
        fieldNames = List.copyOf(fieldNames);
    }

    /**
     * The JSON value of one protocol value: a String, Boolean, Integer/Long/BigDecimal number, List or ordered Map.
     * Decimals, bigints beyond 2^53, NaN/Infinity stay exact as strings; timestamps become ISO-8601; binary base64.
     */
    @Nullable
    public Object toJson(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case BOOLEAN, INTEGER -> value;
            case BIGINT -> {
                long number = ((Number) value).longValue();
                yield isJsonSafe(number) ? (Object) number : Long.toString(number);
            }
            case REAL -> {
                float number = ((Number) value).floatValue();
                yield Float.isFinite(number) ? exactReal(number) : Float.toString(number);
            }
            case DOUBLE -> {
                double number = value instanceof Number n ? n.doubleValue() : Double.parseDouble(value.toString());
                yield Double.isFinite(number) ? (Object) number : Double.toString(number);
            }
            case TEXT -> value.toString();
            case TIMESTAMP -> value.toString().replace(' ', 'T');
            case TIMESTAMP_TZ -> isoTimestampWithZone(value.toString());
            case BINARY -> value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes) : value.toString();
            case ARRAY -> {
                ColumnType element = children.getFirst();
                List<?> list = (List<?>) value;
                List<@Nullable Object> converted = new ArrayList<>(list.size());
                for (Object item : list) {
                    converted.add(element.toJson(item));
                }
                yield converted;
            }
            case MAP -> {
                ColumnType keyType = children.get(0);
                ColumnType valueType = children.get(1);
                Map<String, @Nullable Object> converted = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    converted.put(String.valueOf(keyType.toJson(entry.getKey())), valueType.toJson(entry.getValue()));
                }
                yield converted;
            }
            case ROW -> {
                Map<String, @Nullable Object> converted = new LinkedHashMap<>();
                List<?> fields = (List<?>) value;
                for (int i = 0; i < fields.size(); i++) {
                    converted.put(fieldNames.get(i), children.get(i).toJson(fields.get(i)));
                }
                yield converted;
            }
        };
    }

    /** A bigint beyond 2^53 is written as a string: a JSON number that large loses digits in an IEEE double. */
    static boolean isJsonSafe(long number) {
        // not Math.abs: it overflows for Long.MIN_VALUE
        return number >= -MAX_SAFE_INTEGER && number <= MAX_SAFE_INTEGER;
    }

    /** A finite real as the float's own shortest decimal form: 1.1, not 1.100000023841858. */
    static BigDecimal exactReal(float number) {
        return new BigDecimal(Float.toString(number));
    }

    /**
     * Trino writes {@code 2024-01-31 12:34:56.123456 UTC}, {@code ... +01:00} or {@code ... Europe/Berlin}; ISO-8601 wants an
     * offset. The fraction digits are kept as Trino sent them (up to picoseconds).
     */
    static String isoTimestampWithZone(String text) {
        int space = text.lastIndexOf(' ');
        if (space <= 0) {
            return text;
        }
        String local = text.substring(0, space).replace(' ', 'T');
        String zone = text.substring(space + 1);
        if (zone.equals("UTC") || zone.equals("Z")) {
            return local + "Z";
        }
        if (zone.startsWith("+") || zone.startsWith("-")) {
            return local + zone;
        }
        try {
            ZoneOffset offset = ZoneId.of(zone).getRules().getOffset(LocalDateTime.parse(wholeSeconds(local)));
            return local + (offset.getTotalSeconds() == 0 ? "Z" : offset.getId());
        } catch (java.time.DateTimeException e) {
            return text;
        }
    }

    private static String wholeSeconds(String local) {
        int dot = local.indexOf('.');
        return dot < 0 ? local : local.substring(0, dot);
    }
}

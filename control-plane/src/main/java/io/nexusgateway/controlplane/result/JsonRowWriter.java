package io.nexusgateway.controlplane.result;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvGenerator;

/**
 * Writes rows of a spooled segment ({@link JsonRows}) to a stream without decoding them into Java values. Trino's JSON
 * already is the API's for booleans, integers, doubles, strings, decimals, dates, times, intervals, JSON, UUIDs and
 * binary (base64), so those bytes are copied; bigints beyond 2^53, reals and timestamps are rewritten in place exactly
 * as {@link ColumnType#toJson} does. Nested types (arrays, maps, rows) and types without a known JSON form are not
 * handled here: {@link #supports} is false and their queries take the decoding path.
 */
public final class JsonRowWriter {
    private static final JsonMapper STRINGS = JsonMapper.builder().build();

    private final ColumnType.Kind[] kinds;
    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private long flushes;

    public JsonRowWriter(List<ColumnType> types, OutputStream out) {
        requireNonNull(types, "types is null");
        if (!supports(types)) {
            throw new IllegalArgumentException("not every column can be copied from Trino's JSON: " + types);
        }
        this.kinds = types.stream().map(ColumnType::kind).toArray(ColumnType.Kind[]::new);
        this.out = requireNonNull(out, "out is null");
    }

    /** True when every column is a scalar whose value this writer copies or rewrites. */
    public static boolean supports(List<ColumnType> types) {
        for (ColumnType type : types) {
            boolean supported =
                    switch (type.kind()) {
                        case BOOLEAN, INTEGER, BIGINT, REAL, DOUBLE, TIMESTAMP, TIMESTAMP_TZ, BINARY -> true;
                        // "other" (ipaddress, geometry, sketches, ...) has no JSON form we rely on
                        case TEXT ->
                            !type.portable().equals("other") || type.trino().equals("unknown");
                        case ARRAY, MAP, ROW -> false;
                    };
            if (!supported) {
                return false;
            }
        }
        return true;
    }

    /**
     * Each row as one JSON array and a newline (NDJSON). A row that cannot be read is not written (as far as the buffer
     * still holds it): the failure surfaces as {@link IllegalArgumentException} after the rows before it.
     */
    public void writeNdjson(JsonRows rows) throws IOException {
        byte[] data = rows.data();
        for (int row = 0; row < rows.count(); row++) {
            int mark = position;
            long flushesBefore = flushes;
            try {
                writeNdjsonRow(data, rows.start(row), rows.end(row));
            } catch (IllegalArgumentException e) {
                if (flushes == flushesBefore) {
                    position = mark;
                }
                throw e;
            }
        }
    }

    private void writeNdjsonRow(byte[] data, int start, int end) throws IOException {
        int i = JsonRows.skipWhitespace(data, start + 1, end);
        write((byte) '[');
        for (int column = 0; column < kinds.length; column++) {
            int valueStart = i;
            int valueEnd = JsonRows.valueEnd(data, valueStart, end);
            if (column > 0) {
                write((byte) ',');
            }
            writeJsonValue(kinds[column], data, valueStart, valueEnd);
            i = nextValue(data, valueEnd, end, column == kinds.length - 1);
        }
        write((byte) ']');
        write((byte) '\n');
    }

    /** Each row as one CSV record through {@code generator} (its quoting rules, SQL NULL as an empty field). */
    public static void writeCsv(JsonRows rows, List<ColumnType> types, CsvGenerator generator) {
        byte[] data = rows.data();
        int columns = types.size();
        for (int row = 0; row < rows.count(); row++) {
            int end = rows.end(row);
            int i = JsonRows.skipWhitespace(data, rows.start(row) + 1, end);
            generator.writeStartArray();
            for (int column = 0; column < columns; column++) {
                int valueStart = i;
                int valueEnd = JsonRows.valueEnd(data, valueStart, end);
                String text = csvValue(types.get(column).kind(), data, valueStart, valueEnd);
                if (text == null) {
                    generator.writeNull();
                } else {
                    generator.writeString(text);
                }
                i = nextValue(data, valueEnd, end, column == columns - 1);
            }
            generator.writeEndArray();
        }
    }

    /** Hands what is buffered to the stream and flushes it. */
    public void flush() throws IOException {
        if (position > 0) {
            flushBuffer();
        }
        out.flush();
    }

    // after a value: a comma and the next value, or (last column) the row's closing bracket
    private static int nextValue(byte[] data, int valueEnd, int end, boolean last) {
        int i = JsonRows.skipWhitespace(data, valueEnd, end);
        if (i >= end || data[i] != (last ? ']' : ',')) {
            throw JsonRows.malformed(i);
        }
        return last ? i : JsonRows.skipWhitespace(data, i + 1, end);
    }

    private void writeJsonValue(ColumnType.Kind kind, byte[] data, int start, int end) throws IOException {
        byte first = data[start];
        if (first == 'n') {
            write(data, start, end);
            return;
        }
        switch (kind) {
            case BIGINT -> {
                int length = end - start;
                // 15 digits are always below 2^53; longer ones are checked
                if (length <= 15 || (length == 16 && first == '-') || isSafe(data, start, end)) {
                    write(data, start, end);
                } else {
                    write((byte) '"');
                    write(data, start, end);
                    write((byte) '"');
                }
            }
            case REAL -> {
                if (first == '"') {
                    write(data, start, end); // "NaN", "Infinity"
                } else {
                    writeAscii(realText(data, start, end));
                }
            }
            case TIMESTAMP -> {
                ensure(end - start);
                for (int i = start; i < end; i++) {
                    byte b = data[i];
                    buffer[position++] = b == ' ' ? (byte) 'T' : b;
                }
            }
            case TIMESTAMP_TZ -> {
                write((byte) '"');
                writeAscii(ColumnType.isoTimestampWithZone(string(data, start, end)));
                write((byte) '"');
            }
            default -> write(data, start, end);
        }
    }

    private static String csvValue(ColumnType.Kind kind, byte[] data, int start, int end) {
        byte first = data[start];
        if (first == 'n') {
            return null;
        }
        if (first == '"') {
            String text = string(data, start, end);
            return switch (kind) {
                case TIMESTAMP -> text.replace(' ', 'T');
                case TIMESTAMP_TZ -> ColumnType.isoTimestampWithZone(text);
                default -> text;
            };
        }
        if (kind == ColumnType.Kind.REAL) {
            return realText(data, start, end);
        }
        // numbers and booleans: their JSON text is their text
        return new String(data, start, end - start, ISO_8859_1);
    }

    private static boolean isSafe(byte[] data, int start, int end) {
        try {
            long number = Long.parseLong(new String(data, start, end - start, ISO_8859_1));
            return ColumnType.isJsonSafe(number);
        } catch (NumberFormatException e) {
            throw JsonRows.malformed(start);
        }
    }

    // the float's own shortest decimal form, as ColumnType.toJson writes it
    private static String realText(byte[] data, int start, int end) {
        try {
            float number = Float.parseFloat(new String(data, start, end - start, ISO_8859_1));
            return ColumnType.exactReal(number).toString();
        } catch (NumberFormatException e) {
            throw JsonRows.malformed(start);
        }
    }

    // a JSON string's text: the bytes between the quotes unless it has escapes
    private static String string(byte[] data, int start, int end) {
        if (data[start] != '"') {
            throw JsonRows.malformed(start);
        }
        for (int i = start + 1; i < end - 1; i++) {
            if (data[i] == '\\') {
                try {
                    return STRINGS.readValue(data, start, end - start, String.class);
                } catch (JacksonException e) {
                    throw JsonRows.malformed(start);
                }
            }
        }
        return new String(data, start + 1, end - start - 2, UTF_8);
    }

    private void writeAscii(String text) throws IOException {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
                // no timestamp or number looks like this; a zone name that did would need JSON escaping
                throw new IllegalArgumentException("unexpected character in a rewritten value: " + text);
            }
            buffer[position++] = (byte) c;
        }
    }

    private void write(byte b) throws IOException {
        ensure(1);
        buffer[position++] = b;
    }

    private void write(byte[] data, int start, int end) throws IOException {
        int length = end - start;
        if (length > buffer.length) {
            flushBuffer();
            out.write(data, start, length);
            flushes++;
            return;
        }
        ensure(length);
        System.arraycopy(data, start, buffer, position, length);
        position += length;
    }

    private void ensure(int length) throws IOException {
        if (length > buffer.length) {
            throw new IllegalArgumentException("a rewritten value of " + length + " bytes");
        }
        if (position + length > buffer.length) {
            flushBuffer();
        }
    }

    private void flushBuffer() throws IOException {
        out.write(buffer, 0, position);
        position = 0;
        flushes++;
    }
}

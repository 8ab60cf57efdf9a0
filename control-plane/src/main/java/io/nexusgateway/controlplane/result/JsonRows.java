package io.nexusgateway.controlplane.result;

import static java.util.Objects.requireNonNull;

/**
 * Rows of a spooled segment as the JSON bytes Trino wrote: {@code data[starts[i], ends[i])} is row {@code i}'s JSON
 * array. Handing the bytes on instead of decoded values lets the stream copy most values straight to the response (the
 * API's JSON is Trino's for most types), which is most of the control plane's CPU per row. Pages of one segment share
 * its array.
 */
public final class JsonRows {
    private final byte[] data;
    private final int[] starts;
    private final int[] ends;
    private final int count;

    private JsonRows(byte[] data, int[] starts, int[] ends, int count) {
        this.data = requireNonNull(data, "data is null");
        this.starts = starts;
        this.ends = ends;
        this.count = count;
    }

    byte[] data() {
        return data;
    }

    int start(int row) {
        return starts[row];
    }

    int end(int row) {
        return ends[row];
    }

    public int count() {
        return count;
    }

    /** Takes pages; may block (a bounded queue). */
    public interface PageSink {
        void accept(JsonRows rows) throws InterruptedException;
    }

    /**
     * Cuts a segment, a JSON array of row arrays ({@code [[1,"a"],[2,"b"]]}), into pages of at most {@code pageRows}
     * rows; returns the number of rows.
     *
     * @throws IllegalArgumentException if the bytes are not such an array
     */
    public static long split(byte[] json, int pageRows, PageSink sink) throws InterruptedException {
        int end = json.length;
        int i = skipWhitespace(json, 0, end);
        if (i >= end || json[i] != '[') {
            throw malformed(i);
        }
        i = skipWhitespace(json, i + 1, end);
        long total = 0;
        int capacity = Math.min(pageRows, 1024);
        int[] starts = new int[capacity];
        int[] ends = new int[capacity];
        int count = 0;
        if (i < end && json[i] == ']') {
            return 0;
        }
        while (true) {
            if (i >= end || json[i] != '[') {
                throw malformed(i);
            }
            int rowEnd = valueEnd(json, i, end);
            if (count == starts.length) {
                int grown = Math.min(pageRows, starts.length * 2);
                starts = java.util.Arrays.copyOf(starts, grown);
                ends = java.util.Arrays.copyOf(ends, grown);
            }
            starts[count] = i;
            ends[count] = rowEnd;
            count++;
            total++;
            if (count == pageRows) {
                sink.accept(new JsonRows(json, starts, ends, count));
                starts = new int[capacity];
                ends = new int[capacity];
                count = 0;
            }
            i = skipWhitespace(json, rowEnd, end);
            if (i >= end) {
                throw malformed(i);
            }
            if (json[i] == ']') {
                break;
            }
            if (json[i] != ',') {
                throw malformed(i);
            }
            i = skipWhitespace(json, i + 1, end);
        }
        if (count > 0) {
            sink.accept(new JsonRows(json, starts, ends, count));
        }
        return total;
    }

    static int skipWhitespace(byte[] json, int i, int end) {
        while (i < end) {
            byte b = json[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return i;
            }
            i++;
        }
        return i;
    }

    /** The index just past the JSON value that starts at {@code i}: a string, array, object, number or literal. */
    static int valueEnd(byte[] json, int i, int end) {
        if (i >= end) {
            throw malformed(i);
        }
        byte first = json[i];
        if (first == '"') {
            return stringEnd(json, i, end);
        }
        if (first == '[' || first == '{') {
            int depth = 0;
            while (i < end) {
                byte b = json[i];
                if (b == '"') {
                    i = stringEnd(json, i, end);
                    continue;
                }
                if (b == '[' || b == '{') {
                    depth++;
                } else if (b == ']' || b == '}') {
                    depth--;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
                i++;
            }
            throw malformed(end);
        }
        int start = i;
        while (i < end) {
            byte b = json[i];
            if (b == ',' || b == ']' || b == '}' || b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                break;
            }
            i++;
        }
        if (i == start) {
            throw malformed(i);
        }
        return i;
    }

    private static int stringEnd(byte[] json, int i, int end) {
        i++;
        while (i < end) {
            byte b = json[i];
            if (b == '\\') {
                i += 2;
            } else if (b == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        throw malformed(end);
    }

    static IllegalArgumentException malformed(int offset) {
        return new IllegalArgumentException("malformed JSON rows in a spooled segment at byte " + offset);
    }
}

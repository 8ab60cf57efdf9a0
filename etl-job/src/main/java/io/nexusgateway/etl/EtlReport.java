package io.nexusgateway.etl;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A line an ETL application prints to report its progress, read back by the control plane's adapter from the
 * engine's log (Livy's batch log): {@code nexus-etl: RUNNING}, then {@code nexus-etl: SUCCEEDED rows=<n>} or {@code
 * nexus-etl: FAILED <message>}. A message is one line, its passwords redacted before it is printed.
 */
public record EtlReport(
        State state, OptionalLong rows, @Nullable String message) {
    static final String PREFIX = "nexus-etl: ";
    private static final int MAX_MESSAGE = 4000;

    public enum State {
        RUNNING,
        SUCCEEDED,
        FAILED
    }

    public EtlReport {
        requireNonNull(state, "state is null");
        requireNonNull(rows, "rows is null");
    }

    public static EtlReport running() {
        return new EtlReport(State.RUNNING, OptionalLong.empty(), null);
    }

    public static EtlReport succeeded(long rows) {
        return new EtlReport(State.SUCCEEDED, OptionalLong.of(rows), null);
    }

    public static EtlReport failed(String message) {
        String line = message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return new EtlReport(
                State.FAILED,
                OptionalLong.empty(),
                line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "..." : line);
    }

    /** The line to print. */
    public String line() {
        return switch (state) {
            case RUNNING -> PREFIX + "RUNNING";
            case SUCCEEDED -> PREFIX + "SUCCEEDED rows=" + rows.orElseThrow();
            case FAILED -> PREFIX + "FAILED " + message;
        };
    }

    /** The report a log line is, if it is one (a log layout may put a prefix before it). */
    public static Optional<EtlReport> parse(String logLine) {
        int start = logLine.indexOf(PREFIX);
        if (start < 0) {
            return Optional.empty();
        }
        String report = logLine.substring(start + PREFIX.length());
        if (report.equals("RUNNING")) {
            return Optional.of(running());
        }
        if (report.startsWith("SUCCEEDED rows=")) {
            try {
                return Optional.of(succeeded(Long.parseLong(report.substring("SUCCEEDED rows=".length()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        if (report.startsWith("FAILED ")) {
            return Optional.of(failed(report.substring("FAILED ".length())));
        }
        return Optional.empty();
    }
}

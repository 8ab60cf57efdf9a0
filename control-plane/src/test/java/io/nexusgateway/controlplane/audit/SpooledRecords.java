package io.nexusgateway.controlplane.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.nexusgateway.testing.SharedTrino;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The records waiting in the shared Trino's audit spool, read from its files as an operator would. */
final class SpooledRecords {
    private static final String CORRELATION_ID = "\"correlationId\":\"";

    private SpooledRecords() {}

    /** The trace tokens (correlation ids) of the spooled records. */
    static List<String> traceTokens() {
        Path spool = SharedTrino.get().auditSpoolDir();
        List<String> tokens = new ArrayList<>();
        try (Stream<Path> files = Files.list(spool)) {
            for (Path file :
                    files.filter(path -> path.toString().endsWith(".json")).toList()) {
                String json;
                try {
                    json = Files.readString(file, UTF_8);
                } catch (NoSuchFileException delivered) {
                    continue; // delivered (and deleted) since it was listed
                }
                int start = json.indexOf(CORRELATION_ID);
                if (start >= 0) {
                    start += CORRELATION_ID.length();
                    tokens.add(json.substring(start, json.indexOf('"', start)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tokens;
    }
}

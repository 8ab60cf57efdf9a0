package io.nexusgateway.spark.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The job's progress as JSON lines in {@code status.jsonl} of the job dir, read by the control plane's adapter: {@code
 * {"state":"RUNNING","time":"...","sessionId":"..."}}, then one final line with {@code SUCCEEDED} (and {@code rows}),
 * {@code FAILED} (and {@code message}) or {@code CANCELLED}. States are the names of the engine SPI's {@code
 * EngineJobState}. No line holds a secret.
 */
final class StatusFile {
    static final String NAME = "status.jsonl";

    private final Path file;
    private final ObjectMapper json;
    private boolean terminal;

    StatusFile(Path jobDir, ObjectMapper json) {
        this.file = jobDir.resolve(NAME);
        this.json = json;
    }

    synchronized void running(String sessionId) {
        write(line("RUNNING").put("sessionId", sessionId));
    }

    synchronized void succeeded(long rows) {
        write(line("SUCCEEDED").put("rows", rows));
        terminal = true;
    }

    synchronized void failed(String message) {
        write(line("FAILED").put("message", message));
        terminal = true;
    }

    synchronized void cancelled() {
        write(line("CANCELLED"));
        terminal = true;
    }

    synchronized boolean isTerminal() {
        return terminal;
    }

    private ObjectNode line(String state) {
        return json.createObjectNode()
                .put("state", state)
                .put("time", Instant.now().toString());
    }

    private void write(ObjectNode line) {
        if (terminal) {
            return;
        }
        try {
            Files.writeString(
                    file,
                    json.writeValueAsString(line) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.nexusgateway.trino.plugin.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The redaction rules are {@code contracts/secret-redaction.json}, which the control plane's redactor passes too. */
final class TestSecretRedactor {
    static List<Arguments> corpus() throws IOException {
        JsonNode contract = NexusAuditListener.JSON.readTree(
                Path.of("../contracts/secret-redaction.json").toFile());
        assertThat(contract.get("mask").asText()).isEqualTo(SecretRedactor.MASK);
        return StreamSupport.stream(contract.get("cases").spliterator(), false)
                .map(example -> Arguments.of(
                        example.get("name").asText(),
                        example.get("input").asText(),
                        example.get("redacted").asText()))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void testRedactsAsTheCorpusSays(String name, String input, String redacted) {
        assertThat(SecretRedactor.redact(input)).isEqualTo(redacted);
    }

    @Test
    void testALongWordTakesLinearTime() {
        // each word is tried from its start only; from every position, this took half a minute
        String word = "x".repeat(SecretRedactor.MAX_QUERY_LENGTH * 4);
        assertTimeout(
                Duration.ofSeconds(5),
                () -> assertThat(SecretRedactor.redact(word)).startsWith("xxx").endsWith("...[truncated]"));
    }

    @Test
    void testCutsLongQueries() {
        String redacted = SecretRedactor.redact("SELECT '" + "x".repeat(SecretRedactor.MAX_QUERY_LENGTH) + "'");
        assertThat(redacted).hasSize(SecretRedactor.MAX_QUERY_LENGTH + "...[truncated]".length());
        assertThat(redacted).endsWith("...[truncated]");
    }
}

package io.nexusgateway.controlplane.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The redaction rules are {@code contracts/secret-redaction.json}, which the Trino plugin's redactor passes too. */
final class TestSecretRedactor {
    static List<Arguments> corpus() throws IOException {
        JsonNode contract =
                JsonMapper.builder().build().readTree(Files.readString(Path.of("../contracts/secret-redaction.json")));
        assertThat(contract.get("mask").asString()).isEqualTo(SecretRedactor.MASK);
        return contract.get("cases")
                .valueStream()
                .map(example -> Arguments.of(
                        example.get("name").asString(),
                        example.get("input").asString(),
                        example.get("redacted").asString()))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void testRedactsAsTheCorpusSays(String name, String input, String redacted) {
        assertThat(SecretRedactor.redact(input)).isEqualTo(redacted);
    }

    @Test
    void testALongLineTakesLinearTime() {
        String line = "x".repeat(65_536) + " password=hunter2";
        assertTimeout(Duration.ofSeconds(5), () -> assertThat(SecretRedactor.redact(line))
                .endsWith(" password=***"));
    }
}

package io.nexusgateway.trino.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class TestNexusSecretProviderConfig {
    @Test
    void testDefaults() {
        assertThat(NexusSecretProviderConfig.fromProperties(Map.of(
                        "control-plane-uri", "http://control-plane:8080",
                        "token-file", "/etc/nexus/internal-token")))
                .isEqualTo(new NexusSecretProviderConfig(
                        URI.create("http://control-plane:8080/"),
                        Path.of("/etc/nexus/internal-token"),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(60)));
    }

    @Test
    void testExplicitProperties() {
        assertThat(NexusSecretProviderConfig.fromProperties(Map.of(
                        "control-plane-uri", " https://nexus.example.com/gateway ",
                        "token-file", "/run/secrets/token",
                        "request-timeout", "1500ms",
                        "retry-deadline", "2m")))
                .isEqualTo(new NexusSecretProviderConfig(
                        URI.create("https://nexus.example.com/gateway/"),
                        Path.of("/run/secrets/token"),
                        Duration.ofMillis(1500),
                        Duration.ofMinutes(2)));
        assertThat(NexusSecretProviderConfig.fromProperties(properties("retry-deadline", "0s"))
                        .retryDeadline())
                .isZero();
        assertThat(NexusSecretProviderConfig.fromProperties(properties("request-timeout", "1h"))
                        .requestTimeout())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void testRequiredProperties() {
        assertThatThrownBy(() -> NexusSecretProviderConfig.fromProperties(Map.of("token-file", "/token")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nexus secrets provider property 'control-plane-uri' is required");
        assertThatThrownBy(() -> NexusSecretProviderConfig.fromProperties(
                        Map.of("control-plane-uri", "http://cp:8080", "token-file", " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nexus secrets provider property 'token-file' is required");
    }

    @Test
    void testUnknownProperty() {
        assertThatThrownBy(() -> NexusSecretProviderConfig.fromProperties(properties("retry-dedline", "10s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown nexus secrets provider properties [retry-dedline]; supported: "
                        + "[control-plane-uri, request-timeout, retry-deadline, token-file]");
    }

    @Test
    void testInvalidControlPlaneUri() {
        assertInvalid("control-plane-uri", "control-plane:8080", "must be an absolute http or https URI");
        assertInvalid("control-plane-uri", "/internal", "must be an absolute http or https URI");
        assertInvalid("control-plane-uri", "ftp://control-plane", "must be an absolute http or https URI");
        assertInvalid("control-plane-uri", "http://control plane", "is not a URI");
        assertInvalid("control-plane-uri", "http:///path", "has no host");
        assertInvalid("control-plane-uri", "http://cp:8080/?x=1", "must not contain user info, a query or a fragment");
        assertInvalid("control-plane-uri", "http://user:pw@cp:8080", "must not contain user info");
    }

    @Test
    void testInvalidDurations() {
        assertInvalid("request-timeout", "10", "is not a duration; write a whole number and a unit");
        assertInvalid("request-timeout", "ten seconds", "is not a duration");
        assertInvalid("request-timeout", "PT10S", "is not a duration");
        assertInvalid("request-timeout", "0s", "must be greater than zero");
        assertInvalid("retry-deadline", "-1s", "is not a duration");
        assertInvalid("retry-deadline", "99999999999999999999s", "is too large");
        assertInvalid("retry-deadline", "9999999999999999h", "is too large");
    }

    private static void assertInvalid(String property, String value, String problem) {
        assertThatThrownBy(() -> NexusSecretProviderConfig.fromProperties(properties(property, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid nexus secrets provider property '%s' = '".formatted(property))
                .hasMessageContaining(problem);
    }

    private static Map<String, String> properties(String property, String value) {
        Map<String, String> properties = new HashMap<>();
        properties.put("control-plane-uri", "http://cp:8080");
        properties.put("token-file", "/token");
        properties.put(property, value);
        return properties;
    }
}

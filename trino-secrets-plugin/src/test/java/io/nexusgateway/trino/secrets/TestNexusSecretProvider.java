package io.nexusgateway.trino.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.spi.secrets.SecretProvider;
import io.nexusgateway.trino.secrets.FakeControlPlane.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contract tests of the provider against a fake of the control plane's internal secrets endpoint. */
final class TestNexusSecretProvider {
    private static final String TOKEN = "internal-token-" + UUID.randomUUID();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path tempDir;

    private FakeControlPlane controlPlane;
    private Path tokenFile;
    private final FakeRetryClock clock = new FakeRetryClock();

    @BeforeEach
    void setUp() throws IOException {
        controlPlane = FakeControlPlane.start("", TOKEN);
        tokenFile = Files.writeString(tempDir.resolve("internal-token"), "  " + TOKEN + "\n", UTF_8);
    }

    @AfterEach
    void tearDown() {
        controlPlane.close();
    }

    @Test
    void testResolvesSecretWithBearerToken() {
        String key = datasourcePasswordKey();
        // not trimmed, not re-encoded: the body is the value
        controlPlane.withSecret(key, " pässwörd\t€ ");

        assertThat(provider(controlPlane.uri(), Duration.ofSeconds(60)).resolveSecretValue(key))
                .isEqualTo(" pässwörd\t€ ");
        assertThat(controlPlane.requests())
                .containsExactly(new RecordedRequest("GET", "/internal/v1/secrets/" + key, "Bearer " + TOKEN));
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void testResolvesEmptySecret() {
        String key = datasourcePasswordKey();
        controlPlane.withSecret(key, "");

        assertThat(provider(controlPlane.uri(), Duration.ZERO).resolveSecretValue(key))
                .isEmpty();
    }

    @Test
    void testKeepsPathPrefixOfControlPlaneUri() throws IOException {
        String key = datasourcePasswordKey();
        try (FakeControlPlane prefixed = FakeControlPlane.start("/nexus", TOKEN).withSecret(key, "secret")) {
            assertThat(provider(prefixed.uri(), Duration.ZERO).resolveSecretValue(key))
                    .isEqualTo("secret");
            assertThat(prefixed.requests())
                    .extracting(RecordedRequest::path)
                    .containsExactly("/nexus/internal/v1/secrets/" + key);
        }
    }

    @Test
    void testFactoryBuildsProviderFromProperties() {
        String key = datasourcePasswordKey();
        controlPlane.withSecret(key, "from-factory");
        SecretProvider provider = new NexusSecretProviderFactory()
                .createSecretProvider(Map.of(
                        "control-plane-uri",
                        controlPlane.uri().toString(),
                        "token-file",
                        tokenFile.toString(),
                        "request-timeout",
                        "5s",
                        "retry-deadline",
                        "1s"));

        assertThat(provider.resolveSecretValue(key)).isEqualTo("from-factory");
    }

    @Test
    void testUnknownKeyFailsNamingKey() {
        String key = datasourcePasswordKey();
        controlPlane.withSecret("datasource.other.password", "other-value");

        assertThatThrownBy(() ->
                        provider(controlPlane.uri(), Duration.ofSeconds(60)).resolveSecretValue(key))
                .isInstanceOf(NexusSecretException.class)
                .hasMessage("Secret '%s' does not exist in the Nexus control plane at %s/ (HTTP 404)"
                        .formatted(key, controlPlane.uri()))
                .message()
                .doesNotContain(TOKEN);
        // a definite answer is not retried
        assertThat(controlPlane.requests()).hasSize(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void testRejectedTokenFails() throws IOException {
        String key = datasourcePasswordKey();
        controlPlane.withSecret(key, "value");
        Files.writeString(tokenFile, "wrong-token", UTF_8);

        assertThatThrownBy(() ->
                        provider(controlPlane.uri(), Duration.ofSeconds(60)).resolveSecretValue(key))
                .isInstanceOf(NexusSecretException.class)
                .hasMessageContaining("refused to resolve secret '%s' (HTTP 401)".formatted(key))
                .hasMessageContaining("token-file")
                .message()
                .doesNotContain("wrong-token")
                .doesNotContain("value");
        assertThat(controlPlane.requests()).hasSize(1);
    }

    @Test
    void testForbiddenFails() {
        String key = datasourcePasswordKey();
        controlPlane.failNext(403);

        assertThatThrownBy(() ->
                        provider(controlPlane.uri(), Duration.ofSeconds(60)).resolveSecretValue(key))
                .isInstanceOf(NexusSecretException.class)
                .hasMessageContaining("refused to resolve secret '%s' (HTTP 403)".formatted(key));
    }

    @Test
    void testServerErrorFailsWithoutRetry() {
        String key = datasourcePasswordKey();
        controlPlane.withSecret(key, "value").failNext(500);

        assertThatThrownBy(() ->
                        provider(controlPlane.uri(), Duration.ofSeconds(60)).resolveSecretValue(key))
                .isInstanceOf(NexusSecretException.class)
                .hasMessage("Nexus control plane at %s/ failed to resolve secret '%s' (HTTP 500)"
                        .formatted(controlPlane.uri(), key));
        assertThat(controlPlane.requests()).hasSize(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void testRetriesUnavailableControlPlaneUntilItAnswers() {
        String key = datasourcePasswordKey();
        controlPlane.withSecret(key, "eventually").failNext(503, 503, 503);

        assertThat(provider(controlPlane.uri(), Duration.ofSeconds(60)).resolveSecretValue(key))
                .isEqualTo("eventually");
        assertThat(controlPlane.requests()).hasSize(4);
        // exponential backoff from 250 ms
        assertThat(clock.sleeps())
                .containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void testGivesUpWhenDeadlinePasses() {
        String key = datasourcePasswordKey();
        controlPlane.withSecret(key, "too-late").failNext(503, 503, 503, 503, 503, 503, 503, 503, 503, 503);

        assertThatThrownBy(() ->
                        provider(controlPlane.uri(), Duration.ofSeconds(2)).resolveSecretValue(key))
                .isInstanceOf(NexusSecretException.class)
                .hasMessage(
                        "Nexus control plane at %s/ is unavailable, cannot resolve secret '%s': gave up after 5 attempt(s) within the 2s retry-deadline; last failure: HTTP 503"
                                .formatted(controlPlane.uri(), key));
        // the last wait is cut to the deadline: 250 + 500 + 1000 + 250 ms
        assertThat(clock.sleeps())
                .containsExactly(
                        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(250));
        assertThat(controlPlane.requests()).hasSize(5);
    }

    @Test
    void testZeroDeadlineMeansOneAttempt() {
        String key = datasourcePasswordKey();
        controlPlane.failNext(503);

        assertThatThrownBy(() -> provider(controlPlane.uri(), Duration.ZERO).resolveSecretValue(key))
                .isInstanceOf(NexusSecretException.class)
                .hasMessageContaining("gave up after 1 attempt(s) within the 0s retry-deadline");
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void testRetriesRefusedConnectionUntilDeadline() throws IOException {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        assertThatThrownBy(
                        () -> provider(closedPort, Duration.ofSeconds(1)).resolveSecretValue("datasource.x.password"))
                .isInstanceOf(NexusSecretException.class)
                .hasMessageStartingWith(
                        "Nexus control plane at %s/ is unavailable, cannot resolve secret 'datasource.x.password': gave up after 4 attempt(s) within the 1s retry-deadline; last failure: java.net.ConnectException"
                                .formatted(closedPort))
                .hasCauseInstanceOf(java.net.ConnectException.class);
        assertThat(clock.sleeps())
                .containsExactly(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(250));
    }

    @Test
    void testFailsFastOnceDeadlineWasWaitedOut() throws IOException {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        NexusSecretProvider provider = provider(closedPort, Duration.ofSeconds(1));
        assertThatThrownBy(() -> provider.resolveSecretValue("datasource.first.password"))
                .hasMessageContaining("gave up after 4 attempt(s) within the 1s retry-deadline");
        List<Duration> firstSleeps = clock.sleeps();

        // Trino creates catalogs one after another at startup: the next ones must not wait another deadline each
        assertThatThrownBy(() -> provider.resolveSecretValue("datasource.second.password"))
                .isInstanceOf(NexusSecretException.class)
                .hasMessageStartingWith(
                        "Nexus control plane at %s/ is still unavailable, cannot resolve secret 'datasource.second.password' (not retried: an earlier secret already waited out the retry-deadline); failure: java.net.ConnectException"
                                .formatted(closedPort));
        assertThat(clock.sleeps()).isEqualTo(firstSleeps);
    }

    @Test
    void testRetriesAgainOnceControlPlaneAnswered() {
        String key = datasourcePasswordKey();
        controlPlane.withSecret(key, "back").failNext(503, 503, 503, 503);
        NexusSecretProvider provider = provider(controlPlane.uri(), Duration.ofSeconds(1));
        assertThatThrownBy(() -> provider.resolveSecretValue(key)).hasMessageContaining("gave up after 4 attempt(s)");

        assertThat(provider.resolveSecretValue(key)).isEqualTo("back");

        controlPlane.failNext(503);
        assertThat(provider.resolveSecretValue(key)).isEqualTo("back");
        assertThat(controlPlane.requests()).hasSize(7);
        assertThat(clock.sleeps())
                .containsExactly(
                        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofMillis(250), Duration.ofMillis(250));
    }

    @Test
    void testZeroDeadlineNeverClaimsAnEarlierWait() {
        controlPlane.failNext(503, 503);
        NexusSecretProvider provider = provider(controlPlane.uri(), Duration.ZERO);

        for (int resolution = 0; resolution < 2; resolution++) {
            assertThatThrownBy(() -> provider.resolveSecretValue(datasourcePasswordKey()))
                    .hasMessageContaining("gave up after 1 attempt(s) within the 0s retry-deadline");
        }
    }

    @Test
    void testReadsRotatedTokenOnEachResolution() throws IOException {
        String key = datasourcePasswordKey();
        controlPlane.withSecret(key, "value");
        NexusSecretProvider provider = provider(controlPlane.uri(), Duration.ZERO);
        assertThat(provider.resolveSecretValue(key)).isEqualTo("value");

        Files.writeString(tokenFile, "rotated-token\n", UTF_8);
        assertThatThrownBy(() -> provider.resolveSecretValue(key)).hasMessageContaining("HTTP 401");
        assertThat(controlPlane.requests())
                .extracting(RecordedRequest::authorization)
                .containsExactly("Bearer " + TOKEN, "Bearer rotated-token");
    }

    @Test
    void testRejectsKeysThatAreNotOnePathSegment() {
        NexusSecretProvider provider = provider(controlPlane.uri(), Duration.ZERO);

        for (String key : List.of("../admin", "a/b", "..", "a b", "a?b", "a%2Fb", "")) {
            assertThatThrownBy(() -> provider.resolveSecretValue(key))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Invalid nexus secret key '%s'".formatted(key));
        }
        assertThat(controlPlane.requests()).isEmpty();
    }

    @Test
    void testUnusableTokenFileFailsAtCreation() throws IOException {
        Path missing = tempDir.resolve("missing-token");
        assertThatThrownBy(() -> provider(controlPlane.uri(), missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nexus secrets provider token-file %s does not exist".formatted(missing));

        Path blank = Files.writeString(tempDir.resolve("blank-token"), " \n", UTF_8);
        assertThatThrownBy(() -> provider(controlPlane.uri(), blank))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nexus secrets provider token-file %s is empty".formatted(blank));

        Path twoLines = Files.writeString(tempDir.resolve("two-lines"), "first\nsecond\n", UTF_8);
        assertThatThrownBy(() -> provider(controlPlane.uri(), twoLines))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nexus secrets provider token-file %s must hold one line (the token)".formatted(twoLines))
                .message()
                .doesNotContain("first");
    }

    @Test
    void testNeverLogsSecretValueOrToken() {
        String key = datasourcePasswordKey();
        controlPlane.withSecret(key, "logged-nowhere").failNext(503, 503);
        List<String> messages = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                messages.add(new SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(NexusSecretProvider.class.getName());
        logger.addHandler(handler);
        try {
            assertThat(provider(controlPlane.uri(), Duration.ofSeconds(60)).resolveSecretValue(key))
                    .isEqualTo("logged-nowhere");
        } finally {
            logger.removeHandler(handler);
        }

        assertThat(messages).hasSize(2).allSatisfy(message -> assertThat(message)
                .contains("'%s'".formatted(key), "HTTP 503")
                .doesNotContain("logged-nowhere", TOKEN));
    }

    private NexusSecretProvider provider(URI controlPlaneUri, Duration retryDeadline) {
        return provider(new NexusSecretProviderConfig(controlPlaneUri, tokenFile, REQUEST_TIMEOUT, retryDeadline));
    }

    private NexusSecretProvider provider(URI controlPlaneUri, Path tokenFile) {
        return provider(new NexusSecretProviderConfig(controlPlaneUri, tokenFile, REQUEST_TIMEOUT, Duration.ZERO));
    }

    private NexusSecretProvider provider(NexusSecretProviderConfig config) {
        return new NexusSecretProvider(config, NexusSecretProviderFactory.createHttpClient(config), clock);
    }

    private static String datasourcePasswordKey() {
        return "datasource." + UUID.randomUUID() + ".password";
    }
}

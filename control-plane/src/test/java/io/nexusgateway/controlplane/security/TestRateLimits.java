package io.nexusgateway.controlplane.security;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.ControlPlaneTest;
import io.nexusgateway.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Token buckets per principal (by role, with a per-user override) and on password logins: 429, then recovery. */
final class TestRateLimits extends ControlPlaneTest {
    private static final Path DIRECTORY =
            Path.of("target", "rate-" + UUID.randomUUID()).toAbsolutePath();
    private static final String LIMITED = "limited.user";

    @DynamicPropertySource
    static void rateLimitProperties(DynamicPropertyRegistry registry) {
        // a context of its own: its own metadata store and keys
        registry.add(
                "nexus.secrets.key-file", () -> DIRECTORY.resolve("secret.key").toString());
        registry.add(
                "nexus.security.jwt.keys-file",
                () -> DIRECTORY.resolve("jwt-keys.json").toString());
        registry.add(
                "spring.datasource.url",
                () -> "jdbc:h2:file:" + DIRECTORY.resolve("metadata") + ";DB_CLOSE_ON_EXIT=FALSE");
        // 5 at once, one back every 2 s; a map key with dots (a username) needs brackets
        registry.add("nexus.rate-limits.roles.user.capacity", () -> "5");
        registry.add("nexus.rate-limits.roles.user.refill-period", () -> "10s");
        registry.add("nexus.rate-limits.users[" + LIMITED + "].capacity", () -> "2");
        registry.add("nexus.rate-limits.users[" + LIMITED + "].refill-period", () -> "10s");
        registry.add("nexus.rate-limits.login.per-username.capacity", () -> "3");
        registry.add("nexus.rate-limits.login.per-username.refill-period", () -> "10s");
        registry.add("nexus.rate-limits.login.per-address.capacity", () -> "1000");
        registry.add("nexus.rate-limits.login.per-address.refill-period", () -> "1s");
    }

    @Test
    void testBurstGets429ThenRecovers() throws Exception {
        ApiClient user = loggedIn(newUser(List.of("user"), List.of()));
        Response limited = burstUntilLimited(user, 5);
        assertProblem(limited, 429, "RATE_LIMITED");
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 10L);
        assertThat(limited.json().get("retryAfterSeconds").asLong()).isEqualTo(retryAfter);
        assertThat(limited.header("RateLimit-Limit")).isEqualTo("5");
        assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");

        Await.until(
                "the bucket refills",
                Duration.ofSeconds(15),
                () -> user.get("/api/v1/auth/me").status() == 200);

        // the admin's default limit is far away
        for (int i = 0; i < 20; i++) {
            assertThat(admin().get("/api/v1/auth/me").status()).isEqualTo(200);
        }
    }

    @Test
    void testPerUserOverride() {
        Response created = admin().post(
                        "/api/v1/users", Map.of("username", LIMITED, "password", PASSWORD, "roles", List.of("user")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Response limited = burstUntilLimited(loggedIn(LIMITED), 2);
        assertThat(limited.header("RateLimit-Limit")).isEqualTo("2");
    }

    @Test
    void testPasswordGuessingIsThrottled() throws Exception {
        String username = newUser(List.of("user"), List.of());
        Map<String, String> wrong = Map.of("username", username, "password", "not the password");
        Response last = null;
        for (int i = 0; i < 3; i++) {
            last = anonymous().post("/api/v1/auth/token", wrong);
            assertProblem(last, 401, "INVALID_CREDENTIALS");
        }
        Response throttled = anonymous().post("/api/v1/auth/token", wrong);
        assertProblem(throttled, 429, "RATE_LIMITED");
        assertThat(throttled.header("Retry-After")).isNotBlank();
        // even the right password waits: the attempt is refused before it is checked
        assertProblem(
                anonymous().post("/api/v1/auth/token", Map.of("username", username, "password", PASSWORD)),
                429,
                "RATE_LIMITED");
        Await.until(
                "login attempts are allowed again",
                Duration.ofSeconds(15),
                () -> anonymous()
                                .post("/api/v1/auth/token", Map.of("username", username, "password", PASSWORD))
                                .status()
                        == 200);
    }

    /** Spends the bucket; the request after {@code capacity} (give or take one refilled token) is refused. */
    private static Response burstUntilLimited(ApiClient client, int capacity) {
        for (int i = 0; i < capacity + 2; i++) {
            Response response = client.get("/api/v1/auth/me");
            if (response.status() == 429) {
                assertThat(i).as("requests before the limit").isGreaterThanOrEqualTo(capacity);
                return response;
            }
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }
        throw new AssertionError("no 429 within " + (capacity + 2) + " requests");
    }
}

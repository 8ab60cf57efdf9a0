package io.nexusgateway.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.web.RateLimitedException;
import io.nexusgateway.controlplane.web.RateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Password attempts per username: a guesser cannot refill a username's bucket by flooding other usernames. */
final class TestLoginThrottle {
    private static final String ADDRESS = "192.0.2.7";

    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final LoginThrottle throttle =
            new LoginThrottle(properties(), new RateLimiter(RateLimiter.MAX_BUCKETS, ticker));

    @Test
    void testFloodingOtherUsernamesDoesNotResetAThrottledOne() {
        exhaust("alice");

        // more usernames than the buckets once held: the old map cleared itself when full, alice's bucket with it
        for (long i = 0; i < 2 * RateLimiter.MAX_BUCKETS; i++) {
            throttle.checkLogin("guess-" + i, ADDRESS);
        }

        assertThatThrownBy(() -> throttle.checkLogin("alice", ADDRESS))
                .isInstanceOf(RateLimitedException.class)
                .hasMessage("Too many login attempts for this user; retry later");
    }

    @Test
    void testThrottleEndsAfterTheRefillPeriod() {
        exhaust("Bob");
        // usernames are throttled case-insensitively
        assertThatThrownBy(() -> throttle.checkLogin("bob", ADDRESS)).isInstanceOf(RateLimitedException.class);

        nanos.addAndGet(Duration.ofMinutes(10).toNanos());

        assertThatCode(() -> throttle.checkLogin("bob", ADDRESS)).doesNotThrowAnyException();
    }

    private void exhaust(String username) {
        for (int i = 0; i < 3; i++) {
            throttle.checkLogin(username, ADDRESS);
        }
        assertThatThrownBy(() -> throttle.checkLogin(username, ADDRESS))
                .isInstanceOf(RateLimitedException.class)
                .hasMessage("Too many login attempts for this user; retry later");
    }

    private static NexusProperties properties() {
        Map<String, String> values = Map.of(
                "nexus.rate-limits.login.per-username.capacity", "3",
                "nexus.rate-limits.login.per-username.refill-period", "10m",
                "nexus.rate-limits.login.per-address.capacity", "1000000000",
                "nexus.rate-limits.login.per-address.refill-period", "1s");
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("nexus", NexusProperties.class);
    }
}

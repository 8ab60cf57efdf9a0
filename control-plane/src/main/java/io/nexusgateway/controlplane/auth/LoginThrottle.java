package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.web.RateLimitedException;
import io.nexusgateway.controlplane.web.RateLimiter;
import java.util.Locale;

/** Bounds password attempts per username and per client address, against guessing. */
class LoginThrottle {
    private final RateLimiter limiter;
    private final NexusProperties properties;

    LoginThrottle(NexusProperties properties, RateLimiter limiter) {
        this.properties = requireNonNull(properties, "properties is null");
        this.limiter = requireNonNull(limiter, "limiter is null");
    }

    void checkLogin(String username, String clientAddress) {
        NexusProperties.RateLimits limits = properties.rateLimits();
        if (!limits.enabled()) {
            return;
        }
        RateLimiter.Decision byAddress =
                limiter.tryConsume("address:" + clientAddress, limits.login().perAddress());
        if (!byAddress.allowed()) {
            throw new RateLimitedException(
                    "Too many login attempts from this address; retry later", byAddress.retryAfterSeconds());
        }
        RateLimiter.Decision byUser = limiter.tryConsume(
                "user:" + username.toLowerCase(Locale.ROOT), limits.login().perUsername());
        if (!byUser.allowed()) {
            throw new RateLimitedException(
                    "Too many login attempts for this user; retry later", byUser.retryAfterSeconds());
        }
    }
}

package io.nexusgateway.controlplane.web;

import java.util.Map;

/** Over a rate limit: 429 with {@code Retry-After}. */
public final class RateLimitedException extends NexusException {
    private final long retryAfterSeconds;

    public RateLimitedException(String detail, long retryAfterSeconds) {
        super(ProblemType.RATE_LIMITED, detail, Map.of("retryAfterSeconds", retryAfterSeconds));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

package io.nexusgateway.controlplane.security;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.identity.Caller;
import io.nexusgateway.controlplane.identity.Callers;
import io.nexusgateway.controlplane.identity.Role;
import io.nexusgateway.controlplane.web.ProblemType;
import io.nexusgateway.controlplane.web.RateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A token bucket per authenticated principal on {@code /api/**}: the user's own limit if configured, else the larger
 * of their roles' limits. Over it: 429 problem with {@code Retry-After}; every answer carries {@code RateLimit-Limit}
 * and {@code RateLimit-Remaining}.
 */
final class RateLimitFilter extends OncePerRequestFilter {
    private final RateLimiter limiter = new RateLimiter();
    private final NexusProperties.RateLimits limits;
    private final ProblemResponseWriter problemWriter;

    RateLimitFilter(NexusProperties.RateLimits limits, ProblemResponseWriter problemWriter) {
        this.limits = requireNonNull(limits, "limits is null");
        this.problemWriter = requireNonNull(problemWriter, "problemWriter is null");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !limits.enabled() || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = Callers.current();
        if (caller.isPresent()) {
            RateLimiter.Decision decision = limiter.tryConsume(caller.get().username(), limitFor(caller.get()));
            response.setHeader("RateLimit-Limit", Long.toString(decision.limit()));
            response.setHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
            if (!decision.allowed()) {
                response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
                problemWriter.write(
                        response,
                        ProblemType.RATE_LIMITED,
                        "Rate limit of " + decision.limit() + " requests exceeded; retry in "
                                + decision.retryAfterSeconds() + " s",
                        Map.of("retryAfterSeconds", decision.retryAfterSeconds()));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    NexusProperties.Limit limitFor(Caller caller) {
        NexusProperties.Limit own = limits.users().get(caller.username());
        if (own != null) {
            return own;
        }
        NexusProperties.Limit best = null;
        for (Role role : caller.roles()) {
            NexusProperties.Limit limit = limits.roles().getOrDefault(role.id(), defaultFor(role));
            if (best == null || rate(limit) > rate(best)) {
                best = limit;
            }
        }
        return best == null ? NexusProperties.RateLimits.DEFAULT_USER : best;
    }

    private static NexusProperties.Limit defaultFor(Role role) {
        return role == Role.ADMIN ? NexusProperties.RateLimits.DEFAULT_ADMIN : NexusProperties.RateLimits.DEFAULT_USER;
    }

    private static double rate(NexusProperties.Limit limit) {
        return (double) limit.capacity() / limit.refillPeriod().toNanos();
    }
}

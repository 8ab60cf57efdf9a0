package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.identity.Authenticator;
import io.nexusgateway.controlplane.identity.Caller;
import io.nexusgateway.controlplane.identity.Callers;
import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/auth", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Auth", description = "Access tokens for the REST API and Trino (CLI, JDBC, BI tools)")
class TokenController {
    private final Authenticator authenticator;
    private final AccessTokenIssuer issuer;
    private final LoginThrottle throttle;
    private final Clock clock;

    TokenController(Authenticator authenticator, AccessTokenIssuer issuer, LoginThrottle throttle, Clock clock) {
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.issuer = requireNonNull(issuer, "issuer is null");
        this.throttle = requireNonNull(throttle, "throttle is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @PostMapping("/token")
    @Operation(
            summary = "Get an access token",
            description = "Body {\"username\",\"password\"}, or no body with an API key as bearer. Answers an RS256"
                    + " JWT for both Trino and this API (default 1 h; \"expiresIn\" seconds, at most"
                    + " max-token-lifetime). Wrong credentials: 401 INVALID_CREDENTIALS, whatever was wrong.")
    ResponseEntity<TokenResponse> token(
            @RequestBody(required = false) @Nullable TokenRequest request, HttpServletRequest http) {
        Caller caller;
        if (request != null && (request.username() != null || request.password() != null)) {
            if (request.username() == null || request.password() == null) {
                throw new NexusException(
                        ProblemType.INVALID_IDENTITY_REQUEST, "Send both username and password, or an API key");
            }
            throttle.checkLogin(request.username(), http.getRemoteAddr());
            caller = authenticator.authenticatePassword(request.username(), request.password());
        } else {
            Optional<Caller> current = Callers.current();
            if (current.isEmpty() || !Caller.API_KEY.equals(current.get().method())) {
                // an access token cannot renew itself: its user comes back with a password or an API key
                throw new NexusException(
                        ProblemType.INVALID_CREDENTIALS,
                        "Send {\"username\",\"password\"} or an API key as bearer (Authorization: Bearer <key>)");
            }
            caller = current.get();
        }
        Duration lifetime = lifetime(request == null ? null : request.expiresIn());
        Caller.BackingKey apiKey = caller.apiKey();
        if (apiKey != null && apiKey.expiresAt() != null) {
            // a token never outlives the key it was exchanged for
            Duration keyLeft = Duration.between(clock.instant(), apiKey.expiresAt());
            if (keyLeft.compareTo(lifetime) < 0) {
                lifetime = keyLeft.isNegative() || keyLeft.isZero() ? Duration.ofSeconds(1) : keyLeft;
            }
        }
        // a token exchanged for an API key names it: revoking the key revokes the token (API at once, Trino through
        // the policy within its refresh)
        IssuedToken token =
                issuer.issue(caller.username(), caller.groups(), lifetime, apiKey == null ? null : apiKey.id());
        long expiresIn =
                Math.max(0, Duration.between(clock.instant(), token.expiresAt()).toSeconds());
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new TokenResponse(token.token(), "Bearer", expiresIn, token.expiresAt(), caller.username()));
    }

    @GetMapping("/me")
    @Operation(summary = "Who am I: username, roles, groups and how the request authenticated")
    @SecurityRequirement(name = "bearer")
    MeView me() {
        Caller caller = Callers.require();
        return new MeView(caller.username(), caller.roleIds(), caller.groups(), caller.method());
    }

    private Duration lifetime(@Nullable Long expiresIn) {
        if (expiresIn == null) {
            return issuer.defaultLifetime();
        }
        if (expiresIn < 1) {
            throw new NexusException(ProblemType.INVALID_IDENTITY_REQUEST, "expiresIn must be at least 1 second");
        }
        Duration wanted = Duration.ofSeconds(expiresIn);
        return wanted.compareTo(issuer.maxLifetime()) > 0 ? issuer.maxLifetime() : wanted;
    }
}

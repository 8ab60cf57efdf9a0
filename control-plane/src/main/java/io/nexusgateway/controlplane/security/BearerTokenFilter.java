package io.nexusgateway.controlplane.security;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.auth.AccessTokenVerifier;
import io.nexusgateway.controlplane.auth.TokenRejectedException;
import io.nexusgateway.controlplane.auth.VerifiedToken;
import io.nexusgateway.controlplane.identity.Authenticator;
import io.nexusgateway.controlplane.identity.Caller;
import io.nexusgateway.controlplane.identity.CredentialRejectedException;
import io.nexusgateway.controlplane.identity.Role;
import io.nexusgateway.controlplane.web.ApiExceptionHandler;
import io.nexusgateway.controlplane.web.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <credential>}. On {@code /internal/**} only the internal token Trino's
 * plugins hold is accepted (compared in constant time). Elsewhere a bearer that looks like a JWS is a gateway-issued
 * access token (verified against the published keys; its user must exist and be enabled now, and the API key it was
 * exchanged for, if any, must still be valid), anything else an API
 * key (looked up by hash: not revoked, not expired, owner enabled). A bad credential is a 401 problem at once, never
 * an anonymous request. Credentials are never logged.
 */
final class BearerTokenFilter extends OncePerRequestFilter {
    static final String ROLE_TRINO = "ROLE_TRINO_INTERNAL";
    private static final Logger log = LoggerFactory.getLogger(BearerTokenFilter.class);

    private final Authenticator authenticator;
    private final AccessTokenVerifier tokens;
    private final byte[] internalToken;
    private final ProblemResponseWriter problemWriter;

    BearerTokenFilter(
            Authenticator authenticator,
            AccessTokenVerifier tokens,
            String internalToken,
            ProblemResponseWriter problemWriter) {
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
        this.tokens = requireNonNull(tokens, "tokens is null");
        this.internalToken = internalToken.getBytes(StandardCharsets.UTF_8);
        this.problemWriter = requireNonNull(problemWriter, "problemWriter is null");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> bearer = bearerToken(request);
        if (bearer.isPresent()) {
            String credential = bearer.get();
            if (request.getRequestURI().startsWith("/internal/")) {
                if (!MessageDigest.isEqual(credential.getBytes(StandardCharsets.UTF_8), internalToken)) {
                    problemWriter.write(response, ProblemType.UNAUTHENTICATED, "The bearer credential is not valid");
                    return;
                }
                SecurityContextHolder.getContext()
                        .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                                "trino", null, AuthorityUtils.createAuthorityList(ROLE_TRINO)));
            } else {
                try {
                    authenticate(authenticateUser(credential));
                } catch (TokenRejectedException | CredentialRejectedException e) {
                    problemWriter.write(response, ProblemType.UNAUTHENTICATED, "Not authenticated: " + e.getMessage());
                    return;
                } catch (DataAccessResourceFailureException | TransientDataAccessException e) {
                    // the key or the token's user cannot be looked up: unavailable, not a 500 nor a 401
                    log.warn(
                            "Metadata store unavailable: {}",
                            e.getMostSpecificCause().toString());
                    problemWriter.write(
                            response, ProblemType.METADATA_STORE_UNAVAILABLE, ApiExceptionHandler.METADATA_STORE_DOWN);
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    private Caller authenticateUser(String credential) {
        if (AccessTokenVerifier.looksLikeJws(credential)) {
            VerifiedToken token = tokens.verify(credential);
            return authenticator.tokenUser(token.subject(), token.tokenId(), token.apiKeyId());
        }
        return authenticator.authenticateApiKey(credential);
    }

    private static void authenticate(Caller caller) {
        List<GrantedAuthority> authorities = caller.roles().stream()
                .map(Role::authority)
                .sorted()
                .<GrantedAuthority>map(SimpleGrantedAuthority::new)
                .toList();
        SecurityContextHolder.getContext()
                .setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller, null, authorities));
    }

    private static Optional<String> bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}

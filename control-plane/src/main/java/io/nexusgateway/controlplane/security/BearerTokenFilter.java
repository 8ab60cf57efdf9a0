package io.nexusgateway.controlplane.security;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.web.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <key>}: the bootstrap admin API key, or on {@code /internal/**} the
 * internal token Trino's secrets provider holds. Keys are compared in constant time and never logged.
 */
final class BearerTokenFilter extends OncePerRequestFilter {
    static final String ROLE_ADMIN = "ROLE_ADMIN";
    static final String ROLE_TRINO = "ROLE_TRINO_INTERNAL";

    private final byte[] adminApiKey;
    private final byte[] internalToken;
    private final ProblemResponseWriter problemWriter;

    BearerTokenFilter(String adminApiKey, String internalToken, ProblemResponseWriter problemWriter) {
        this.adminApiKey = adminApiKey.getBytes(StandardCharsets.UTF_8);
        this.internalToken = internalToken.getBytes(StandardCharsets.UTF_8);
        this.problemWriter = requireNonNull(problemWriter, "problemWriter is null");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> token = bearerToken(request);
        if (token.isPresent()) {
            byte[] presented = token.get().getBytes(StandardCharsets.UTF_8);
            boolean internalPath = request.getRequestURI().startsWith("/internal/");
            if (!internalPath && MessageDigest.isEqual(presented, adminApiKey)) {
                authenticate("admin", ROLE_ADMIN);
            } else if (internalPath && MessageDigest.isEqual(presented, internalToken)) {
                authenticate("trino", ROLE_TRINO);
            } else {
                problemWriter.write(response, ProblemType.UNAUTHENTICATED, "The bearer credential is not valid");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static void authenticate(String principal, String role) {
        UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(
                principal, null, AuthorityUtils.createAuthorityList(role));
        SecurityContextHolder.getContext().setAuthentication(authentication);
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

package io.nexusgateway.trino.plugin.policy;

import static java.util.Objects.requireNonNull;

import java.security.Principal;
import java.util.Optional;

/**
 * What the principal of a gateway-issued token says. Trino's JWT authenticator hands the access control only the
 * token's principal claim ({@code nexus_principal}), so a token exchanged for an API key carries the key's id there:
 * {@code <user>/key/<API key id>}; other tokens carry just the user. Trino maps the principal to the user with the
 * same rule ({@code http-server.authentication.jwt.user-mapping.pattern}); the format is pinned by
 * {@code contracts/token-principal.json}, which the control plane's tests read too.
 *
 * @param user the Nexus user, who is the Trino user
 * @param apiKeyId the API key the token was exchanged for
 */
record TokenPrincipal(String user, Optional<String> apiKeyId) {
    static final String KEY_SEPARATOR = "/key/";

    TokenPrincipal {
        requireNonNull(user, "user is null");
        requireNonNull(apiKeyId, "apiKeyId is null");
    }

    static TokenPrincipal parse(String principal) {
        int separator = principal.indexOf(KEY_SEPARATOR);
        if (separator < 0) {
            return new TokenPrincipal(principal, Optional.empty());
        }
        return new TokenPrincipal(
                principal.substring(0, separator),
                Optional.of(principal.substring(separator + KEY_SEPARATOR.length())));
    }

    static Optional<TokenPrincipal> of(Optional<Principal> principal) {
        return principal.map(Principal::getName).map(TokenPrincipal::parse);
    }
}

package io.nexusgateway.controlplane.security;

import io.nexusgateway.controlplane.auth.AccessTokenVerifier;
import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.identity.Authenticator;
import io.nexusgateway.controlplane.identity.Role;
import io.nexusgateway.controlplane.web.ProblemType;
import io.nexusgateway.engines.CredentialTickets;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Open: health, API docs, the JWKS and the token exchange. {@code /internal/**}: the internal
 * token. Admins: everything that changes the registry, catalogs, identities, grants and keys. Users: reading the
 * datasources granted to them, querying, their own audit records and API keys (the features filter by caller).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
    private static final String ADMIN = Role.ADMIN.authority();
    private static final String USER = Role.USER.authority();

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            NexusProperties properties,
            JsonMapper jsonMapper,
            Authenticator authenticator,
            AccessTokenVerifier tokens)
            throws Exception {
        // checked here so a missing key fails the start; BootstrapAdmin registers it as admin's API key
        requireSecret(
                properties.security().adminApiKey(), "nexus.security.admin-api-key (NEXUS_SECURITY_ADMIN_API_KEY)");
        String internalToken = requireSecret(
                properties.security().internalToken(), "nexus.security.internal-token (NEXUS_SECURITY_INTERNAL_TOKEN)");
        ProblemResponseWriter problemWriter = new ProblemResponseWriter(jsonMapper);
        BearerTokenFilter bearerFilter = new BearerTokenFilter(authenticator, tokens, internalToken, problemWriter);
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(bearerFilter, AnonymousAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(properties.rateLimits(), problemWriter), BearerTokenFilter.class)
                .authorizeHttpRequests(requests -> requests
                        // a stream's completion (ASYNC) and error pages (ERROR) re-enter the chain after the REQUEST
                        // dispatch was authorized; the bearer filter runs once per request, so do not check them again
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
                        .permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        // Trino's JWT authenticator fetches the public keys without a credential
                        .requestMatchers("/.well-known/jwks.json")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/token")
                        .permitAll()
                        // engines redeem a job's single-use ticket, which is their only credential (issue 14)
                        .requestMatchers(HttpMethod.POST, CredentialTickets.EXCHANGE_PATH)
                        .permitAll()
                        .requestMatchers("/internal/**")
                        .hasAuthority(BearerTokenFilter.ROLE_TRINO)
                        .requestMatchers(
                                "/api/v1/users/**",
                                "/api/v1/groups/**",
                                "/api/v1/auth/keys/**",
                                "/api/v1/catalogs/**",
                                "/api/v1/datasources/*/grants/**",
                                "/api/v1/datasources/*/grants")
                        .hasAuthority(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/v1/datasources", "/api/v1/datasources/*/test")
                        .hasAuthority(ADMIN)
                        .requestMatchers(HttpMethod.PUT, "/api/v1/datasources/*")
                        .hasAuthority(ADMIN)
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/datasources/*")
                        .hasAuthority(ADMIN)
                        .requestMatchers("/api/**")
                        .hasAnyAuthority(ADMIN, USER)
                        .anyRequest()
                        .hasAuthority(ADMIN))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(
                                (request, response, exception) -> problemWriter.write(
                                        response,
                                        ProblemType.UNAUTHENTICATED,
                                        "Send a bearer credential: Authorization: Bearer <API key or access token>"))
                        .accessDeniedHandler((request, response, exception) -> problemWriter.write(
                                response, ProblemType.FORBIDDEN, "This credential may not call this endpoint")));
        return http.build();
    }

    private static String requireSecret(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    name + " is not set: bin/nexus up generates it, or set it in the environment");
        }
        if (value.length() < 16) {
            throw new IllegalStateException(name + " is too short: use at least 16 random characters");
        }
        return value;
    }
}

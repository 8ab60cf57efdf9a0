package io.nexusgateway.controlplane.security;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.web.ProblemType;
import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import tools.jackson.databind.json.JsonMapper;

/** Who may call what: the API needs the admin key, {@code /internal/**} the internal token, health and docs are open. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {
    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, NexusProperties properties, JsonMapper jsonMapper)
            throws Exception {
        String adminApiKey = requireSecret(
                properties.security().adminApiKey(), "nexus.security.admin-api-key (NEXUS_SECURITY_ADMIN_API_KEY)");
        String internalToken = requireSecret(
                properties.security().internalToken(), "nexus.security.internal-token (NEXUS_SECURITY_INTERNAL_TOKEN)");
        ProblemResponseWriter problemWriter = new ProblemResponseWriter(jsonMapper);
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(
                        new BearerTokenFilter(adminApiKey, internalToken, problemWriter),
                        AnonymousAuthenticationFilter.class)
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
                        .requestMatchers("/internal/**")
                        .hasAuthority(BearerTokenFilter.ROLE_TRINO)
                        .requestMatchers("/api/**")
                        .hasAuthority(BearerTokenFilter.ROLE_ADMIN)
                        .anyRequest()
                        .hasAuthority(BearerTokenFilter.ROLE_ADMIN))
                .exceptionHandling(handling -> handling.authenticationEntryPoint(
                                (request, response, exception) -> problemWriter.write(
                                        response,
                                        ProblemType.UNAUTHENTICATED,
                                        "Send a bearer API key: Authorization: Bearer <key>"))
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

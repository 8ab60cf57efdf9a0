package io.nexusgateway.controlplane.auth;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.web.RateLimiter;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AuthConfiguration {
    /** Where the keys live when nothing is configured (application.yml sets it under {@code nexus.home}). */
    static final Path DEFAULT_KEYS_FILE = Path.of("var", "secrets", "jwt-keys.json");

    @Bean
    SigningKeys signingKeys(NexusProperties properties, Clock clock) {
        NexusProperties.Jwt jwt = properties.security().jwt();
        Path file = jwt.keysFile() == null ? DEFAULT_KEYS_FILE : jwt.keysFile();
        return new SigningKeys(file, clock, jwt.publishAhead(), jwt.maxTokenLifetime());
    }

    @Bean
    AccessTokenIssuer accessTokenIssuer(SigningKeys keys, NexusProperties properties, Clock clock) {
        return new AccessTokenIssuer(keys, properties.security().jwt(), clock);
    }

    @Bean
    LoginThrottle loginThrottle(NexusProperties properties) {
        return new LoginThrottle(properties, new RateLimiter());
    }

    @Bean
    AccessTokenVerifier accessTokenVerifier(SigningKeys keys, NexusProperties properties, Clock clock) {
        return new AccessTokenVerifier(keys, properties.security().jwt(), clock);
    }
}

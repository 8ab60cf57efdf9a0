package io.nexusgateway.controlplane.trino;

import io.nexusgateway.controlplane.auth.AccessTokenIssuer;
import io.nexusgateway.controlplane.config.NexusProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TrinoAccessConfiguration {
    @Bean
    TrinoAccess trinoAccess(NexusProperties properties, AccessTokenIssuer issuer, Clock clock) {
        return new TrinoAccess(properties.trino(), issuer, clock);
    }
}

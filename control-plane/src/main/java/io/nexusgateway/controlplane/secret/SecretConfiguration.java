package io.nexusgateway.controlplane.secret;

import io.nexusgateway.controlplane.config.NexusProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SecretConfiguration {
    @Bean
    SecretCipher secretCipher(NexusProperties properties) {
        return SecretKeys.cipher(properties.secrets());
    }
}

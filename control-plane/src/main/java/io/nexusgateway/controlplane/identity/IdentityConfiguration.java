package io.nexusgateway.controlplane.identity;

import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {
    @Bean
    IdentityCache identityCache() {
        return new IdentityCache(Ticker.systemTicker());
    }
}

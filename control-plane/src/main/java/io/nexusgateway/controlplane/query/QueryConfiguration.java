package io.nexusgateway.controlplane.query;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.datasource.DatasourceService;
import io.nexusgateway.controlplane.trino.TrinoAccess;
import io.nexusgateway.controlplane.trino.client.TrinoQueryClient;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class QueryConfiguration {
    @Bean(destroyMethod = "close")
    TrinoQueryClient trinoQueryClient(NexusProperties properties, TrinoAccess trino) {
        NexusProperties.Query query = properties.query();
        return new TrinoQueryClient(
                trino,
                query.prefetchPages(),
                query.pageRows(),
                query.maxTrinoConnections(),
                query.spooling().enabled() ? query.spooling().encoding() : null,
                query.spooling().passThrough(),
                query.spooling().initialSegmentSize(),
                query.spooling().maxSegmentSize(),
                query.spooling().fallbackPeriod(),
                Clock.systemUTC());
    }

    @Bean
    QueryService queryService(DatasourceService datasources, TrinoQueryClient trino, NexusProperties properties) {
        return new QueryService(datasources, trino, properties.query());
    }
}

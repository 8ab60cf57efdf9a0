package io.nexusgateway.controlplane.job;

import io.nexusgateway.controlplane.audit.AuditService;
import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.datasource.DatasourceService;
import io.nexusgateway.controlplane.datasource.GrantService;
import io.nexusgateway.controlplane.trino.TrinoAccess;
import io.nexusgateway.controlplane.trino.client.TrinoQueryClient;
import io.nexusgateway.engines.CredentialTickets;
import io.nexusgateway.engines.Engine;
import io.nexusgateway.engines.flink.FlinkSqlGatewayEngineAdapter;
import io.nexusgateway.engines.livy.LivyEngineAdapter;
import io.nexusgateway.engines.sparkconnect.SparkConnectEngineAdapter;
import io.nexusgateway.engines.trino.TrinoEngineAdapter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class JobConfiguration {
    // EXPLAIN and LIMIT 0 plan the job; they read no rows
    private static final Duration PLANNING_TIMEOUT = Duration.ofMinutes(2);

    @Bean
    CredentialTickets credentialTickets(NexusProperties properties, Environment environment, Clock clock) {
        URI configured = properties.jobs().exchangeUrl();
        return new CredentialTickets(
                () -> {
                    String base = configured != null
                            ? configured.toString()
                            : "http://127.0.0.1:"
                                    + environment.getProperty(
                                            "local.server.port", environment.getProperty("server.port", "8080"));
                    return URI.create(base.replaceAll("/+$", "") + CredentialTickets.EXCHANGE_PATH);
                },
                clock,
                10_000);
    }

    @Bean
    JobEngines jobEngines(TrinoAccess trino, NexusProperties properties) {
        List<JobEngines.Entry> entries = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder()
                .sslContext(trino.sslContext())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        entries.add(JobEngines.entry(
                TrinoEngineAdapter.NAME,
                Engine.TRINO,
                () -> new TrinoEngineAdapter(
                        trino.uri(), http, user -> trino.isHttps() ? trino.tokenFor(user) : null)));
        NexusProperties.Engines engines = properties.jobs().engines();
        NexusProperties.SparkConnect sparkConnect = engines.sparkConnect();
        if (sparkConnect.enabled()) {
            Path runnerJar = sparkConnect.runnerJar();
            if (runnerJar == null || !Files.isRegularFile(runnerJar)) {
                throw new IllegalStateException("nexus.jobs.engines.spark-connect.runner-jar must name the"
                        + " spark-connect-runner jar when nexus.jobs.engines.spark-connect.url is set; it is "
                        + runnerJar);
            }
            entries.add(JobEngines.entry(
                    SparkConnectEngineAdapter.NAME,
                    Engine.SPARK,
                    () -> new SparkConnectEngineAdapter(
                            sparkConnect.url(),
                            engines.jobsDir(),
                            SparkConnectEngineAdapter.runnerClasspath(runnerJar, engines.cacheDir()))));
        }
        NexusProperties.Livy livy = engines.livy();
        if (livy.enabled()) {
            Path applicationJar = livy.applicationJar();
            if (applicationJar == null || !Files.isRegularFile(applicationJar)) {
                throw new IllegalStateException("nexus.jobs.engines.livy.application-jar must name the spark-etl jar"
                        + " when nexus.jobs.engines.livy.url is set; it is " + applicationJar);
            }
            entries.add(JobEngines.entry(
                    LivyEngineAdapter.NAME,
                    Engine.SPARK,
                    () -> new LivyEngineAdapter(livy.url(), engines.jobsDir(), applicationJar)));
        }
        NexusProperties.FlinkSqlGateway flink = engines.flinkSqlGateway();
        if (flink.enabled()) {
            URI clusterUrl = flink.clusterUrl();
            if (clusterUrl == null) {
                throw new IllegalStateException("nexus.jobs.engines.flink-sql-gateway.cluster-url must be set when"
                        + " nexus.jobs.engines.flink-sql-gateway.gateway-url is");
            }
            entries.add(JobEngines.entry(
                    FlinkSqlGatewayEngineAdapter.NAME,
                    Engine.FLINK,
                    () -> new FlinkSqlGatewayEngineAdapter(flink.gatewayUrl(), clusterUrl, flink.statementTimeout())));
        }
        return new JobEngines(entries);
    }

    @Bean
    JobPlanner jobPlanner(TrinoQueryClient trino, JsonMapper json) {
        return new JobPlanner(trino, json, PLANNING_TIMEOUT);
    }

    @Bean
    JobAuditor jobAuditor(AuditService audit, Clock clock) {
        return new JobAuditor(audit, clock);
    }

    @Bean
    JobSupervisor jobSupervisor(
            JobRepository repository,
            JobEngines engines,
            DatasourceService datasources,
            JobPlanner planner,
            CredentialTickets tickets,
            JobAuditor auditor,
            JsonMapper json,
            NexusProperties properties,
            Clock clock) {
        return new JobSupervisor(
                repository, engines, datasources, planner, tickets, auditor, json, properties.jobs(), clock);
    }

    @Bean
    JobService jobService(
            JobRepository repository,
            DatasourceService datasources,
            GrantService grants,
            JobPlanner planner,
            JobEngines engines,
            JobAuditor auditor,
            JobSupervisor supervisor,
            NexusProperties properties,
            Clock clock) {
        return new JobService(
                repository,
                datasources,
                grants,
                planner,
                new JobRouter(properties.jobs().routing()),
                engines,
                auditor,
                supervisor,
                properties.jobs(),
                properties.query().maxSqlLength(),
                clock);
    }
}

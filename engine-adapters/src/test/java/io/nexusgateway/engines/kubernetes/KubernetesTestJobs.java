package io.nexusgateway.engines.kubernetes;

import io.nexusgateway.connectors.EngineConnection;
import io.nexusgateway.engines.CredentialTicket;
import io.nexusgateway.engines.EngineDatasource;
import io.nexusgateway.engines.EngineJob;
import io.nexusgateway.engines.EngineTable;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Jobs for the operator adapters' tests: a MariaDB source copied into a PostgreSQL target. */
final class KubernetesTestJobs {
    /** A ticket with a fixed token, for golden resources. */
    static final CredentialTicket GOLDEN_TICKET =
            new CredentialTicket(URI.create("http://nexus.etl.svc:8080/internal/v1/job-credentials"), "golden-token");

    /**
     * A stand-in for the job document encoder (another engineer's): what the ETL application needs, the ticket
     * included, in a fixed order.
     */
    static final Function<EngineJob, List<String>> ENCODER = job -> List.of(
            "--job-id",
            job.id().toString(),
            "--query",
            job.query(),
            "--target",
            job.target().quotedName(),
            "--write-mode",
            job.writeMode().name(),
            "--credentials-url",
            job.credentials().exchangeUrl().toString(),
            "--credentials-ticket",
            job.credentials().token());

    private KubernetesTestJobs() {}

    static EngineJob copyJob(UUID id, CredentialTicket ticket, boolean streaming) {
        EngineTable source = new EngineTable(
                "shop",
                "shop",
                "orders",
                List.of(new EngineTable.Column("id", "bigint"), new EngineTable.Column("total", "decimal(12,2)")));
        EngineTable target = new EngineTable(
                "warehouse",
                "public",
                "orders_copy",
                List.of(new EngineTable.Column("id", "bigint"), new EngineTable.Column("total", "decimal(12,2)")));
        Map<String, EngineDatasource> datasources = Map.of(
                "shop",
                new EngineDatasource(
                        "shop",
                        "mariadb",
                        Optional.of(new EngineConnection(
                                "jdbc:mariadb://mariadb.data.svc:3306/shop?readOnly=true",
                                "org.mariadb.jdbc.Driver",
                                "etl_reader")),
                        false,
                        true),
                "warehouse",
                new EngineDatasource(
                        "warehouse",
                        "postgresql",
                        Optional.of(new EngineConnection(
                                "jdbc:postgresql://postgres.data.svc:5432/warehouse",
                                "org.postgresql.Driver",
                                "etl_writer")),
                        true,
                        true));
        return new EngineJob(
                id,
                "alice",
                List.of(source),
                "SELECT id, total FROM \"shop\".\"shop\".\"orders\"",
                target,
                EngineJob.WriteMode.APPEND,
                datasources,
                streaming,
                ticket);
    }
}

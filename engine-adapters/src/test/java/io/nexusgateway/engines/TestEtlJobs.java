package io.nexusgateway.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.connectors.EngineConnection;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The control plane's side of the job document's contract: what an adapter writes for a job is {@code
 * contracts/etl-job.json}, field for field (etl-job's tests read the same file the way the ETL applications do).
 */
final class TestEtlJobs {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void testDocumentIsTheGoldenFile() throws Exception {
        EngineJob job = job(true);

        JsonNode written = JSON.valueToTree(EtlJobs.document(job));
        assertThat(written)
                .isEqualTo(JSON.readTree(Path.of("../contracts/etl-job.json").toFile()));
    }

    @Test
    void testReadOnlyTargetAndTrinoOnlyCatalogAreRefused() {
        assertThatThrownBy(() -> EtlJobs.document(job(false)))
                .isInstanceOf(EngineException.class)
                .hasMessage("catalog 'warehouse_pg' is read-only");
        EngineJob trinoOnly = new EngineJob(
                UUID.randomUUID(),
                "alice",
                List.of(),
                "SELECT 1",
                new EngineTable("lake", "s", "t", List.of()),
                EngineJob.WriteMode.APPEND,
                Map.of("lake", new EngineDatasource("lake", "iceberg", Optional.empty(), true, false)),
                false,
                new CredentialTicket(URI.create("http://127.0.0.1:1/x"), "t"));
        assertThatThrownBy(() -> EtlJobs.document(trinoOnly))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("served by Trino only");
    }

    private static EngineJob job(boolean targetWritable) {
        return new EngineJob(
                UUID.fromString("5b0c7a7e-3f5e-4b8a-9d61-2f0a4c1e9b11"),
                "alice",
                List.of(new EngineTable("shop_mariadb", "shop", "orders", List.of())),
                "SELECT category, count(*) AS orders FROM shop_mariadb.shop.orders GROUP BY category",
                new EngineTable("warehouse_pg", "public", "orders_by_category", List.of()),
                EngineJob.WriteMode.OVERWRITE,
                Map.of(
                        "shop_mariadb",
                        new EngineDatasource(
                                "shop_mariadb",
                                "mariadb",
                                Optional.of(new EngineConnection(
                                        "jdbc:mariadb://127.0.0.1:3306/shop?sessionVariables=tx_read_only=1",
                                        "org.mariadb.jdbc.Driver",
                                        "etl_reader")),
                                false,
                                true),
                        "warehouse_pg",
                        new EngineDatasource(
                                "warehouse_pg",
                                "postgresql",
                                Optional.of(new EngineConnection(
                                        "jdbc:postgresql://127.0.0.1:5432/warehouse",
                                        "org.postgresql.Driver",
                                        "etl_writer")),
                                targetWritable,
                                true)),
                false,
                new CredentialTicket(
                        URI.create("http://127.0.0.1:8080/internal/v1/job-credentials"), "golden-ticket-token"));
    }
}

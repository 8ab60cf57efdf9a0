package io.nexusgateway.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The engine side of the job document's contract: {@code contracts/etl-job.json} (which engine-adapters' tests check
 * the control plane writes) reads into an {@link EtlJob} with the meaning the ETL applications rely on.
 */
final class TestEtlJobContract {
    private static final Path GOLDEN = Path.of("../contracts/etl-job.json");

    @Test
    void testGoldenDocumentReads() throws Exception {
        EtlJob job = EtlJobFiles.read(GOLDEN);

        assertThat(job.jobId()).isEqualTo(UUID.fromString("5b0c7a7e-3f5e-4b8a-9d61-2f0a4c1e9b11"));
        assertThat(job.name()).isEqualTo("nexus-job-5b0c7a7e-3f5e-4b8a-9d61-2f0a4c1e9b11");
        assertThat(job.user()).isEqualTo("alice");
        assertThat(job.writeMode()).isEqualTo(EtlJob.WriteMode.OVERWRITE);
        assertThat(job.inputs()).containsExactly(new EtlJob.Table("shop_mariadb", "shop", "orders"));
        assertThat(job.target()).isEqualTo(new EtlJob.Table("warehouse_pg", "public", "orders_by_category"));
        assertThat(job.credentials().exchangeUrl())
                .isEqualTo(URI.create("http://127.0.0.1:8080/internal/v1/job-credentials"));
        assertThat(job.credentials().token()).isEqualTo("golden-ticket-token");
        assertThat(job.credentials().toString()).doesNotContain("golden-ticket-token");
        assertThat(job.datasources().get("shop_mariadb").hasPassword()).isTrue();
        assertThat(job.sparkQuery())
                .isEqualTo("SELECT category, count(*) AS orders FROM `nexus_input_0` GROUP BY category");
    }

    @Test
    void testJdbcOptionsPerType() throws Exception {
        EtlJob job = EtlJobFiles.read(GOLDEN);

        assertThat(job.jdbcOptions(job.inputs().getFirst(), Map.of("shop_mariadb", "s3cret")))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "driver", "org.mariadb.jdbc.Driver",
                        // Spark's MySQL dialect for MariaDB
                        "url", "jdbc:mysql://127.0.0.1:3306/shop?sessionVariables=tx_read_only=1&permitMysqlScheme",
                        "user", "etl_reader",
                        "dbtable", "`shop`.`orders`",
                        "password", "s3cret"));
        assertThat(job.jdbcOptions(job.target(), Map.of()))
                .containsEntry("url", "jdbc:postgresql://127.0.0.1:5432/warehouse")
                .containsEntry("dbtable", "\"public\".\"orders_by_category\"")
                .doesNotContainKey("password");
        assertThat(SparkJdbcOptions.of("postgresql", Map.of(), "s\"x", "t", null))
                .containsEntry("dbtable", "\"s\"\"x\".\"t\"");
    }

    @Test
    void testUnknownFieldsAreIgnoredAndMissingCatalogsRefused() throws Exception {
        String json = """
                {"jobId":"5b0c7a7e-3f5e-4b8a-9d61-2f0a4c1e9b11","user":"bob","query":"SELECT 1","writeMode":"APPEND",
                 "inputs":[],"target":{"catalog":"w","schema":"s","table":"t"},
                 "datasources":{"w":{"type":"postgresql","options":{},"hasPassword":false}},
                 "credentials":{"exchangeUrl":"http://127.0.0.1:1/x","token":"t"},"addedLater":42}
                """;
        assertThat(EtlJobFiles.parse(json).inputViews()).isEmpty();
        assertThatThrownBy(() -> new EtlJob(
                        UUID.randomUUID(),
                        "bob",
                        "SELECT 1",
                        EtlJob.WriteMode.APPEND,
                        List.of(new EtlJob.Table("missing", "s", "t")),
                        new EtlJob.Table("w", "s", "t"),
                        Map.of("w", new EtlJob.Datasource("postgresql", Map.of(), false)),
                        new EtlJob.Credentials(URI.create("http://127.0.0.1:1/x"), "t")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no datasource for catalog 'missing'");
    }

    @Test
    void testRedactionReplacesEveryPassword() {
        CredentialRedeemer.Passwords passwords =
                new CredentialRedeemer.Passwords(Map.of("a", "pw-one", "b", "pw-two", "c", ""));
        assertThat(passwords.redact("login pw-one failed, then pw-two")).isEqualTo("login *** failed, then ***");
        assertThat(passwords.toString()).doesNotContain("pw-one");
    }
}

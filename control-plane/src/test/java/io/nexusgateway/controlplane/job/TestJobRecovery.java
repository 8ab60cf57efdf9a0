package io.nexusgateway.controlplane.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.NexusApplication;
import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.Identities;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.controlplane.support.SourceConfigs;
import io.nexusgateway.testing.Await;
import io.nexusgateway.testing.SharedTrino;
import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A job survives a {@code kill -9} of the control plane: a control plane of its own (a child JVM, on the port Trino's
 * plugin calls) submits a job to Trino, is killed with SIGKILL while the job runs, and its successor re-attaches to
 * the job by the stored handle: the job ends SUCCEEDED, every row arrived once, and Trino ran it once.
 */
final class TestJobRecovery extends NexusIntegrationTest {
    private static final Duration START_DEADLINE = Duration.ofMinutes(2);
    private static final Duration JOB_DEADLINE = Duration.ofMinutes(3);
    private static final int ORDERS = 100;

    @Autowired
    private WebServerApplicationContext context;

    @Test
    void testKilledControlPlaneReattachesToItsJob() throws Exception {
        Path home = Files.createDirectories(runDirectory().resolve("recovery-" + unique("cp")));
        WebServer inProcess = context.getWebServer();
        try (TestDatabase maria = TestDatabases.mariadb().createDatabase("nexus_rec_src");
                TestDatabase warehouse = TestDatabases.postgresql().createDatabase("nexus_rec_dw")) {
            try (Connection connection = maria.openConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, amount DECIMAL(12,2))");
                StringBuilder insert = new StringBuilder("INSERT INTO orders VALUES ");
                for (int i = 1; i <= ORDERS; i++) {
                    insert.append(i == 1 ? "" : ",")
                            .append("(")
                            .append(i)
                            .append(", ")
                            .append(i)
                            .append(".25)");
                }
                statement.execute(insert.toString());
            }
            inProcess.stop();
            Process first = startControlPlane(home, "first");
            Process second = null;
            ApiClient admin = api();
            List<String> created = new ArrayList<>();
            try {
                String user = unique("recovery");
                String source = register(admin, unique("rec maria"), "mariadb", maria, false);
                String target = register(admin, unique("rec warehouse"), "postgresql", warehouse, true);
                created.add(source);
                created.add(target);
                Identities.createUser(admin, user, List.of("user"), List.of());
                ApiClient userApi = admin.withKey(Identities.apiKey(admin, user));
                for (String id : List.of(idOf(admin, source), idOf(admin, target))) {
                    Identities.grantUser(admin, id, user);
                }
                String sourceCatalog = catalogOf(admin, source);
                Identities.awaitCatalogVisible(user, sourceCatalog);
                Identities.awaitCatalogVisible(user, catalogOf(admin, target));

                // 100^3 rows: long enough to be killed under, short enough to finish after the restart
                String orders =
                        sourceCatalog + "." + maria.databaseName().toLowerCase(java.util.Locale.ROOT) + ".orders";
                String table = unique("copied");
                Response submitted = userApi.post(
                        "/api/v1/jobs",
                        Map.of(
                                "sql",
                                "SELECT a.id AS a, b.id AS b, c.amount AS amount FROM " + orders + " a CROSS JOIN "
                                        + orders + " b CROSS JOIN " + orders + " c",
                                "target",
                                Map.of("datasource", target, "schema", "public", "table", table),
                                "idempotencyKey",
                                "recovery"));
                assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
                String jobId = submitted.json().get("id").asString();
                JsonNode running = Await.until(
                        "job running",
                        JOB_DEADLINE,
                        () -> userApi.get("/api/v1/jobs/" + jobId).json(),
                        job -> job.get("state").asString().equals("RUNNING"));
                String queryId = running.get("engine").get("jobId").asString();

                first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no last poll
                assertThat(first.exitValue()).isEqualTo(137);
                second = startControlPlane(home, "second");

                // a client retrying its POST after the crash gets the same job, not a second one
                Response retried = userApi.post(
                        "/api/v1/jobs",
                        Map.of(
                                "sql",
                                "SELECT a.id AS a, b.id AS b, c.amount AS amount FROM " + orders + " a CROSS JOIN "
                                        + orders + " b CROSS JOIN " + orders + " c",
                                "target",
                                Map.of("datasource", target, "schema", "public", "table", table),
                                "idempotencyKey",
                                "recovery"));
                assertThat(retried.status()).as(retried.body()).isEqualTo(200);
                assertThat(retried.json().get("id").asString()).isEqualTo(jobId);

                JsonNode done = Await.until(
                        "job ended after the restart",
                        JOB_DEADLINE,
                        () -> userApi.get("/api/v1/jobs/" + jobId).json(),
                        job -> job.get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"));
                assertThat(done.get("state").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
                assertThat(done.get("engine").get("jobId").asString()).isEqualTo(queryId);
                assertThat(done.get("progress").get("rows").asLong()).isEqualTo((long) ORDERS * ORDERS * ORDERS);
                try (Connection connection = warehouse.openConnection();
                        Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT count(*) FROM public." + table)) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong(1)).isEqualTo((long) ORDERS * ORDERS * ORDERS);
                }
                // Trino ran the job's INSERT exactly once; asked by an admin of this metadata store (the shared
                // it-admin lives in the in-process control plane's)
                String auditor = unique("rec_admin");
                Identities.createUser(admin, auditor, List.of("admin"), List.of());
                Identities.awaitKnownToTrino(auditor);
                try (Connection trino =
                                Identities.trinoAs(auditor, SharedTrino.get().accessToken(auditor));
                        Statement statement = trino.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT count(*) FROM system.runtime.queries"
                                + " WHERE source = 'nexus-jobs' AND query LIKE 'INSERT INTO%" + table + "%'")) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong(1)).isEqualTo(1);
                }
            } finally {
                // the shared Trino must not keep catalogs the in-process control plane's registry does not know
                if (second != null && second.isAlive() || first.isAlive()) {
                    removeDatasources(admin, created);
                }
                first.destroyForcibly().waitFor();
                if (second != null) {
                    second.destroyForcibly().waitFor();
                }
            }
        } finally {
            inProcess.start();
            // the next tests need Trino's policy from the in-process control plane's registry again
            Identities.awaitKnownToTrino(TEST_USER);
        }
    }

    /** The control plane as its own JVM, with this run's Trino and a metadata store of its own under {@code home}. */
    private static Process startControlPlane(Path home, String name) throws Exception {
        SharedTrino trino = SharedTrino.get();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NexusApplication.class.getName());
        command.add("--server.port=" + trino.controlPlanePort());
        command.add("--server.address=127.0.0.1");
        command.add("--nexus.trino.uri=" + trino.clientUri());
        command.add("--nexus.trino.certificate=" + trino.certificate());
        command.add("--nexus.security.jwt.keys-file=" + trino.jwtKeys().file());
        command.add("--nexus.secrets.key-file=" + home.resolve("secret.key"));
        command.add("--spring.datasource.url=jdbc:h2:file:" + home.resolve("metadata"));
        command.add("--nexus.sync.interval=5s");
        command.add("--nexus.sync.watch-interval=500ms");
        File log = home.resolve(name + ".log").toFile();
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log);
        // secrets go by environment, never on the command line
        builder.environment().put("NEXUS_SECURITY_ADMIN_API_KEY", ADMIN_KEY);
        builder.environment().put("NEXUS_SECURITY_INTERNAL_TOKEN", trino.internalToken());
        Process process = builder.start();
        URI health = URI.create("http://127.0.0.1:" + trino.controlPlanePort() + "/actuator/health");
        Await.until("control plane " + name + " up (" + log + ")", START_DEADLINE, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("control plane " + name + " exited; see " + log);
            }
            try {
                return new ApiClient(health.resolve("/"), ADMIN_KEY)
                                .get("/actuator/health")
                                .status()
                        == 200;
            } catch (RuntimeException e) {
                return false;
            }
        });
        return process;
    }

    private static String register(ApiClient admin, String name, String type, TestDatabase database, boolean writable) {
        Response created = admin.post(
                "/api/v1/datasources",
                Map.of("name", name, "type", type, "writable", writable, "config", SourceConfigs.of(database)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return name;
    }

    private static void removeDatasources(ApiClient admin, List<String> names) throws Exception {
        List<Path> catalogFiles = new ArrayList<>();
        for (String name : names) {
            JsonNode datasource = datasource(admin, name);
            catalogFiles.add(SharedTrino.get()
                    .home()
                    .catalogDir()
                    .resolve(datasource.get("catalog").asString() + ".properties"));
            assertThat(admin.delete("/api/v1/datasources/"
                                    + datasource.get("id").asString())
                            .status())
                    .isEqualTo(204);
        }
        Await.until("the recovery test's catalogs dropped from Trino", START_DEADLINE, () -> catalogFiles.stream()
                .noneMatch(Files::exists));
    }

    private static String idOf(ApiClient admin, String name) {
        return datasource(admin, name).get("id").asString();
    }

    private static String catalogOf(ApiClient admin, String name) {
        return datasource(admin, name).get("catalog").asString();
    }

    private static JsonNode datasource(ApiClient admin, String name) {
        for (JsonNode datasource :
                admin.get("/api/v1/datasources?size=500").json().get("items")) {
            if (datasource.get("name").asString().equals(name)) {
                return datasource;
            }
        }
        throw new AssertionError("no datasource " + name);
    }
}

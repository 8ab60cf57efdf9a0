package io.nexusgateway.controlplane.trino;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.Identities;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.testing.Await;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Per-user datasource grants, enforced by Trino's access control: the same catalogs are visible and usable through the
 * REST API, trino-jdbc and the real Trino CLI; everything else is invisible.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TestGrantsEverywhere extends NexusIntegrationTest {
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final String alice = "it-alice-" + run;
    private final String bob = "it-bob-" + run;
    private final String analysts = "it-analysts-" + run;
    private final List<String> datasourceIds = new ArrayList<>();
    private Datasource direct;
    private Datasource viaGroup;
    private Datasource other;
    private String aliceKey;
    private String bobKey;

    record Datasource(String id, String catalog) {}

    @BeforeAll
    void setUp() {
        Identities.createUser(api(), alice, List.of("user"), List.of(analysts));
        Identities.createUser(api(), bob, List.of("user"), List.of());
        direct = tpch("direct");
        viaGroup = tpch("group");
        other = tpch("other");
        Identities.grantUser(api(), direct.id(), alice);
        Identities.grantGroup(api(), viaGroup.id(), analysts);
        Identities.grantUser(api(), other.id(), bob);
        aliceKey = Identities.apiKey(api(), alice);
        bobKey = Identities.apiKey(api(), bob);
        Identities.awaitCatalogVisible(alice, direct.catalog());
        Identities.awaitCatalogVisible(alice, viaGroup.catalog());
        Identities.awaitCatalogVisible(bob, other.catalog());
    }

    @AfterAll
    void tearDown() {
        datasourceIds.forEach(id -> api().delete("/api/v1/datasources/" + id));
    }

    @Test
    void testJdbcSeesOnlyGrantedCatalogs() throws Exception {
        String token = Identities.token(api(), aliceKey);
        try (Connection connection = Identities.trinoAs(alice, token)) {
            Set<String> catalogs = Set.copyOf(column(connection, "SHOW CATALOGS"));
            assertThat(catalogs)
                    .contains(direct.catalog(), viaGroup.catalog(), "system")
                    .doesNotContain(other.catalog());
            // JDBC metadata (what DBeaver and BI tools list) says the same
            Set<String> metadata = new java.util.HashSet<>();
            try (ResultSet rows = connection.getMetaData().getCatalogs()) {
                while (rows.next()) {
                    metadata.add(rows.getString(1));
                }
            }
            assertThat(metadata).isEqualTo(catalogs);
            assertThat(column(connection, "SELECT count(*) FROM " + viaGroup.catalog() + ".tiny.nation"))
                    .containsExactly("25");
            assertThatThrownBy(() -> column(connection, "SELECT * FROM " + other.catalog() + ".tiny.nation"))
                    .hasMessageContaining("Access Denied");
            assertThatThrownBy(
                            () -> column(connection, "SELECT * FROM " + other.catalog() + ".information_schema.tables"))
                    .hasMessageContaining("Access Denied");
            assertThat(column(
                            connection,
                            "SELECT DISTINCT table_cat FROM system.jdbc.tables WHERE table_cat = '" + other.catalog()
                                    + "'"))
                    .isEmpty();
        }
    }

    @Test
    void testRestApiAnswersAsTrinoEnforces() {
        ApiClient asAlice = api().withKey(aliceKey);
        Response list = asAlice.get("/api/v1/datasources?size=500");
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.body()).contains(direct.id(), viaGroup.id()).doesNotContain(other.id(), other.catalog());
        assertThat(asAlice.get("/api/v1/datasources/" + other.id()).status()).isEqualTo(404);

        Response granted = asAlice.post(
                "/api/v1/query", Map.of("sql", "SELECT count(*) AS n FROM " + direct.catalog() + ".tiny.region"));
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        // through the REST API, Trino sees alice herself
        Response me = asAlice.post("/api/v1/query", Map.of("sql", "SELECT current_user AS u"));
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().get("data").get("rows").get(0).get(0).asString()).isEqualTo(alice);

        Response ungrantedById = asAlice.post("/api/v1/query", Map.of("sql", "SELECT 1", "dataSourceId", other.id()));
        assertThat(ungrantedById.status()).as(ungrantedById.body()).isEqualTo(404);
        Response ungrantedBySql =
                asAlice.post("/api/v1/query", Map.of("sql", "SELECT * FROM " + other.catalog() + ".tiny.nation"));
        assertThat(ungrantedBySql.status()).as(ungrantedBySql.body()).isEqualTo(403);
        assertThat(ungrantedBySql.json().get("code").asString()).isEqualTo("PERMISSION_DENIED");
    }

    @Test
    void testTrinoCliWithAGatewayToken() throws Exception {
        String token = Identities.token(api(), bobKey);
        CliResult catalogs = cli(bob, token, "SHOW CATALOGS");
        assertThat(catalogs.exitCode()).as(catalogs.toString()).isZero();
        assertThat(catalogs.lines()).containsExactlyInAnyOrder(other.catalog(), "system");

        CliResult ungranted = cli(bob, token, "SELECT * FROM " + direct.catalog() + ".tiny.nation");
        assertThat(ungranted.exitCode()).as(ungranted.toString()).isNotZero();
        assertThat(ungranted.errors()).contains("Access Denied");

        CliResult write = cli(bob, token, "CREATE TABLE " + other.catalog() + ".tiny.x AS SELECT 1 AS a");
        assertThat(write.exitCode()).as(write.toString()).isNotZero();
        assertThat(write.errors()).contains("Access Denied").contains("read-only");

        // the audit trail names bob (user, and the principal: bob's key) and the CLI, the denied write included
        Await.until("bob's CLI queries in the audit trail", Duration.ofSeconds(30), () -> {
            Response audit = api().get("/api/v1/audit?user=" + bob + "&size=100");
            if (audit.status() != 200) {
                return false;
            }
            boolean catalogsListed = false;
            boolean writeDenied = false;
            for (var item : audit.json().get("items")) {
                if (!"trino-cli".equals(item.get("source").asString())
                        || !bob.equals(item.get("user").asString())
                        // the authenticated principal names the key the token rests on
                        || !item.get("principal").asString().startsWith(bob + "/key/")) {
                    continue;
                }
                String text = item.get("query").asString();
                catalogsListed |= text.equals("SHOW CATALOGS")
                        && "SUCCEEDED".equals(item.get("state").asString());
                writeDenied |= text.startsWith("CREATE TABLE")
                        && "PERMISSION_DENIED".equals(item.get("errorCode").asString());
            }
            return catalogsListed && writeDenied;
        });
    }

    @Test
    void testADisabledUserIsRefusedWhileTheirTokenIsStillValid() throws Exception {
        String carol = "it-carol-" + run;
        Identities.createUser(api(), carol, List.of("user"), List.of(analysts));
        String token = Identities.token(api(), Identities.apiKey(api(), carol));
        Identities.awaitKnownToTrino(carol);
        try (Connection connection = Identities.trinoAs(carol, token)) {
            assertThat(column(connection, "SELECT current_user")).containsExactly(carol);
        }
        Response disabled = api().send("PATCH", "/api/v1/users/" + carol, Map.of("enabled", false), Map.of());
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        Await.until("Trino refuses disabled " + carol, Duration.ofSeconds(20), () -> {
            try (Connection connection = Identities.trinoAs(carol, token)) {
                column(connection, "SELECT 1");
                return false;
            } catch (SQLException e) {
                return e.getMessage().contains("user '" + carol + "' is disabled");
            }
        });
        assertThat(api().withKey(token).get("/api/v1/datasources").status()).isEqualTo(401);
    }

    private Datasource tpch(String label) {
        Response created =
                api().post("/api/v1/datasources", Map.of("name", "grants_" + label + "_" + run, "type", "tpch"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        datasourceIds.add(id);
        return new Datasource(id, created.json().get("catalog").asString());
    }

    record CliResult(int exitCode, String output, String errors) {
        List<String> lines() {
            return output.lines()
                    .map(line -> line.replace("\"", "").strip())
                    .filter(line -> !line.isEmpty())
                    .collect(Collectors.toList());
        }
    }

    /** The real trino-cli 476 jar as a process, as {@code bin/nexus trino} runs it. */
    private static CliResult cli(String user, String token, String sql) throws Exception {
        Path jar = Path.of(System.getProperty("nexus.trino-cli.jar"));
        Path errors = java.nio.file.Files.createTempFile("trino-cli-", ".err");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        // jline's native terminal support; without it the JDK warns on stderr
                        "--enable-native-access=ALL-UNNAMED",
                        "-jar",
                        jar.toString(),
                        "--server",
                        trino().clientUri().toString(),
                        "--truststore-path",
                        trino().certificate().toString(),
                        "--user",
                        user,
                        "--access-token",
                        token,
                        "--output-format",
                        "CSV",
                        "--execute",
                        sql)
                .redirectError(errors.toFile())
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String errorText = java.nio.file.Files.readString(errors);
        java.nio.file.Files.delete(errors);
        return new CliResult(process.exitValue(), output, errorText);
    }

    private static List<String> column(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}

package io.nexusgateway.controlplane.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.DatasourceConfigs;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.testing.Await;
import io.nexusgateway.testing.SharedTrino;
import io.nexusgateway.testing.db.DatabaseKind;
import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** Registry → catalog sync → Trino, end to end over HTTP, with real MariaDB and PostgreSQL. */
@ExtendWith(OutputCaptureExtension.class)
final class TestCatalogSyncEndToEnd extends NexusIntegrationTest {
    @Test
    void testMariaDbAndPostgresqlLifecycleAndNoPasswordLeaks(CapturedOutput output) throws Exception {
        String canary = "Canary-"
                + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "!x";
        try (TestDatabase maria = TestDatabases.mariadb().createDatabase("nexus_e2e", canary);
                TestDatabase postgres = TestDatabases.postgresql().createDatabase("nexus_e2e", canary)) {
            seed(
                    maria,
                    "CREATE TABLE orders (id INT PRIMARY KEY, amount DECIMAL(10,2))",
                    "INSERT INTO orders VALUES (1, 10.50), (2, 20.25)");
            seed(
                    postgres,
                    "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(40))",
                    "INSERT INTO customers VALUES (1, 'Ada'), (2, 'Linus')");

            List<Response> responses = new ArrayList<>();
            Response mariaCreated = api().post(
                            "/api/v1/datasources",
                            Map.of("name", unique("maria sales"), "type", "mariadb", "config", config(maria, canary)));
            responses.add(mariaCreated);
            Response postgresCreated = api().post(
                            "/api/v1/datasources",
                            Map.of("name", unique("pg crm"), "type", "postgresql", "config", config(postgres, canary)));
            responses.add(postgresCreated);
            assertThat(mariaCreated.status()).as(mariaCreated.body()).isEqualTo(201);
            assertThat(postgresCreated.status()).as(postgresCreated.body()).isEqualTo(201);
            JsonNode mariaView = mariaCreated.json();
            JsonNode postgresView = postgresCreated.json();
            assertThat(mariaView.get("sync").get("state").asString())
                    .as(mariaCreated.body())
                    .isEqualTo("SYNCED");
            assertThat(postgresView.get("sync").get("state").asString())
                    .as(postgresCreated.body())
                    .isEqualTo("SYNCED");
            String mariaCatalog = mariaView.get("catalog").asString();
            String postgresCatalog = postgresView.get("catalog").asString();

            // the connection test uses the source's own driver and the stored (decrypted) password
            Response test =
                    api().post("/api/v1/datasources/" + mariaView.get("id").asString() + "/test", Map.of());
            responses.add(test);
            assertThat(test.json().get("success").asBoolean()).as(test.body()).isTrue();
            assertThat(test.json().get("serverVersion").asString()).isNotBlank();

            // catalogs are real: query them directly in Trino, and join across them
            assertThat(queryLong(
                            "SELECT sum(amount) * 100 FROM " + mariaCatalog + "." + maria.databaseName() + ".orders"))
                    .isEqualTo(3075);
            assertThat(queryLong("SELECT count(*) FROM " + mariaCatalog + "." + maria.databaseName() + ".orders o JOIN "
                            + postgresCatalog + ".public.customers c ON o.id = c.id"))
                    .isEqualTo(2);

            // update → catalog re-created with the new settings (here: a different default database for PostgreSQL is
            // not possible; change an extra property)
            Map<String, Object> changed = new LinkedHashMap<>(config(postgres, null));
            changed.put("properties", Map.of("case-insensitive-name-matching", "true"));
            Response updated = api().put(
                            "/api/v1/datasources/" + postgresView.get("id").asString(),
                            Map.of(
                                    "name",
                                    postgresView.get("name").asString(),
                                    "type",
                                    "postgresql",
                                    "config",
                                    changed),
                            Map.of("If-Match", "1"));
            responses.add(updated);
            assertThat(updated.status()).as(updated.body()).isEqualTo(200);
            assertThat(updated.json().get("sync").get("state").asString())
                    .as(updated.body())
                    .isEqualTo("SYNCED");
            assertThat(queryLong("SELECT count(*) FROM " + postgresCatalog + ".public.customers"))
                    .isEqualTo(2);
            // re-created with the new property: Trino's catalog store has it
            assertThat(Files.readString(trino().home().catalogDir().resolve(postgresCatalog + ".properties")))
                    .contains("case-insensitive-name-matching=true");

            // the admin view joins Trino with the registry
            Response catalogs = api().get("/api/v1/catalogs");
            responses.add(catalogs);
            assertThat(catalogs.body()).contains(mariaCatalog, postgresCatalog, "\"system\"");

            // Trino's query history holds only references (checked before the restart empties it)
            assertThat(queryHistoryContains(canary)).isFalse();
            assertThat(queryHistoryContains("${nexus:datasource.")).isTrue();

            // Trino restart: catalogs come back without touching the control plane
            trino().restart();
            Await.until(
                    "both catalogs queryable after Trino's restart",
                    Duration.ofSeconds(60),
                    () -> catalogQueryable(mariaCatalog, maria.databaseName() + ".orders")
                            && catalogQueryable(postgresCatalog, "public.customers"));

            // no password anywhere: API responses, Trino's query history, catalog files, Trino's log, our log
            for (Response response : responses) {
                assertThat(response.body()).doesNotContain(canary);
            }
            assertThat(queryHistoryContains(canary)).isFalse();
            assertNoFileContains(trino().home().catalogDir(), canary);
            assertNoFileContains(trino().home().logFile().getParent(), canary);
            assertNoFileContains(trino().home().etcDir(), canary);
            assertThat(output.getAll()).doesNotContain(canary);

            // delete → catalog dropped
            assertThat(api().delete("/api/v1/datasources/" + mariaView.get("id").asString())
                            .status())
                    .isEqualTo(204);
            assertThat(trinoCatalogs()).doesNotContain(mariaCatalog).contains(postgresCatalog);
            assertThat(api().delete("/api/v1/datasources/"
                                    + postgresView.get("id").asString())
                            .status())
                    .isEqualTo(204);
            assertThat(trinoCatalogs()).doesNotContain(postgresCatalog);
        }
    }

    @Test
    void testWrongPasswordFailsClearlyAndIsReported() throws Exception {
        try (TestDatabase maria = TestDatabases.mariadb().createDatabase("nexus_badpw", "Right-Password-1")) {
            Response created = api().post(
                            "/api/v1/datasources",
                            Map.of(
                                    "name",
                                    unique("maria wrong"),
                                    "type",
                                    "mariadb",
                                    "config",
                                    config(maria, "Wrong-Password-1")));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode view = created.json();

            Response test = api().post("/api/v1/datasources/" + view.get("id").asString() + "/test", Map.of());
            assertThat(test.json().get("success").asBoolean()).isFalse();
            assertThat(test.json().get("reachable").asBoolean()).isTrue();
            assertThat(test.json().get("authenticated").asBoolean()).isFalse();
            assertThat(test.json().get("errorCode").asString()).isEqualTo("AUTHENTICATION");
            assertThat(test.body()).doesNotContain("Wrong-Password-1", "Right-Password-1");

            // Trino accepts the catalog (it connects lazily), and the query error says what is wrong
            String catalog = view.get("catalog").asString();
            assertThatThrownBy(() -> queryLong("SELECT count(*) FROM " + catalog + ".information_schema.schemata"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("Access denied");
            api().delete("/api/v1/datasources/" + view.get("id").asString());
        }
    }

    @Test
    void testCrashAndWipeOfTrinoHealWithoutTouchingTheControlPlane() throws Exception {
        Response created = api().post("/api/v1/datasources", Map.of("name", unique("wipe"), "type", "tpch"));
        String catalog = created.json().get("catalog").asString();
        assertThat(trinoCatalogs()).contains(catalog);

        // a crash (SIGKILL) and the loss of Trino's catalog store: an empty Trino comes back
        trino().wipeAndRestart();
        Await.until(
                catalog + " queryable after the wipe",
                Duration.ofSeconds(60),
                () -> catalogQueryable(catalog, "tiny.nation"));
        api().delete("/api/v1/datasources/" + created.json().get("id").asString());
    }

    @Test
    void testCatalogDisabledAtTrinoStartIsRepaired() throws Exception {
        try (TestDatabase maria = TestDatabases.mariadb().createDatabase("nexus_disabled", "Disabled-Pass-1")) {
            seed(maria, "CREATE TABLE t (id INT)", "INSERT INTO t VALUES (1)");
            Response created = api().post(
                            "/api/v1/datasources",
                            Map.of(
                                    "name",
                                    unique("disabled"),
                                    "type",
                                    "mariadb",
                                    "config",
                                    config(maria, "Disabled-Pass-1")));
            String catalog = created.json().get("catalog").asString();
            assertThat(queryLong("SELECT count(*) FROM " + catalog + "." + maria.databaseName() + ".t"))
                    .isEqualTo(1);

            // Trino restarts while it cannot resolve the secret (as with the control plane down): the catalog loads
            // disabled. Without the token Trino gets no policy either, so only the sync principal runs queries.
            Path tokenFile = trino().internalTokenFile();
            String token = Files.readString(tokenFile);
            Files.writeString(tokenFile, "not-the-token");
            try {
                trino().restart();
                assertThatThrownBy(() -> queryLong(
                                SharedTrino.SYNC_PRINCIPAL,
                                "SELECT count(*) FROM " + catalog + "." + maria.databaseName() + ".t"))
                        .hasMessageContaining("disabled");
            } finally {
                Files.writeString(tokenFile, token);
            }
            // still listed, so only the probe finds it; the sync re-creates it
            Await.until(
                    catalog + " re-created by the sync",
                    Duration.ofSeconds(60),
                    () -> catalogQueryable(catalog, maria.databaseName() + ".t"));
            api().delete("/api/v1/datasources/" + created.json().get("id").asString());
        }
    }

    /**
     * Each JDBC type on a server of its own kind: synced, queryable, its connection test passing, dropped with it. A
     * mysql datasource on MariaDB is writable: a read-only one sets MySQL's transaction_read_only, which MariaDB before
     * 11.1 does not know (MariaDB servers belong to the mariadb type).
     */
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({"mariadb, MARIADB, false", "mysql, MARIADB, true", "postgresql, POSTGRESQL, false"})
    void testEachJdbcTypeAgainstItsServer(String type, DatabaseKind server, boolean writable) throws Exception {
        try (TestDatabase database = TestDatabases.server(server).createDatabase("nexus_" + type, "Type-Pass-1")) {
            seed(database, "CREATE TABLE t (id INT)", "INSERT INTO t VALUES (1), (2), (3)");
            Response created = api().post(
                            "/api/v1/datasources",
                            Map.of(
                                    "name",
                                    unique(type),
                                    "type",
                                    type,
                                    "writable",
                                    writable,
                                    "config",
                                    config(database, "Type-Pass-1")));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().get("sync").get("state").asString())
                    .as(created.body())
                    .isEqualTo("SYNCED");
            String catalog = created.json().get("catalog").asString();
            String schema = server == DatabaseKind.POSTGRESQL ? "public" : database.databaseName();
            assertThat(queryLong("SELECT count(*) FROM " + catalog + "." + schema + ".t"))
                    .isEqualTo(3);
            Response test =
                    api().post("/api/v1/datasources/" + created.json().get("id").asString() + "/test", Map.of());
            assertThat(test.json().get("success").asBoolean()).as(test.body()).isTrue();
            assertThat(api().delete("/api/v1/datasources/"
                                    + created.json().get("id").asString())
                            .status())
                    .isEqualTo(204);
            assertThat(trinoCatalogs()).doesNotContain(catalog);
        }
    }

    @Test
    void testOracleCatalogIsAcceptedAndAnUnreachableHostIsReportedClearly() {
        // no Oracle server runs here: Trino accepts the catalog (it connects lazily), the driver is present,
        // and the connection test says the host is unreachable
        Response created = api().post(
                        "/api/v1/datasources",
                        Map.of(
                                "name",
                                unique("oracle"),
                                "type",
                                "oracle",
                                "config",
                                Map.of(
                                        "host",
                                        "127.0.0.1",
                                        "port",
                                        1,
                                        "database",
                                        "FREEPDB1",
                                        "username",
                                        "scott",
                                        "password",
                                        "Tiger-1",
                                        "connectionTimeout",
                                        2000)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("sync").get("state").asString())
                .as(created.body())
                .isEqualTo("SYNCED");
        Response test =
                api().post("/api/v1/datasources/" + created.json().get("id").asString() + "/test", Map.of());
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.json().get("success").asBoolean()).isFalse();
        assertThat(test.json().get("reachable").asBoolean()).isFalse();
        assertThat(test.json().get("errorCode").asString()).as(test.body()).isEqualTo("REACHABILITY");
        assertThat(test.json().get("message").asString()).isNotBlank();
        assertThat(test.body()).doesNotContain("Tiger-1");
        api().delete("/api/v1/datasources/" + created.json().get("id").asString());
    }

    @Test
    void testUnmanagedCatalogsAreLeftAlone() throws Exception {
        String stranger = unique("hand_made");
        // only the catalog-sync principal may create catalogs (read-only policy): an operator using it by hand
        try (Connection connection = trinoConnection(SharedTrino.SYNC_PRINCIPAL);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE CATALOG " + stranger + " USING tpch");
        }
        Response sync = api().post("/api/v1/catalogs/sync", Map.of());
        assertThat(sync.status()).as(sync.body()).isEqualTo(200);
        assertThat(trinoCatalogs()).contains(stranger, "system");
        assertThat(api().get("/api/v1/catalogs").body()).contains(stranger);
        try (Connection connection = trinoConnection(SharedTrino.SYNC_PRINCIPAL);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP CATALOG " + stranger);
        }
    }

    @Test
    void testCatalogDroppedBehindOurBackIsRepaired() throws Exception {
        Response created = api().post("/api/v1/datasources", Map.of("name", unique("drift"), "type", "tpch"));
        String catalog = created.json().get("catalog").asString();
        try (Connection connection = trinoConnection(SharedTrino.SYNC_PRINCIPAL);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP CATALOG " + catalog);
        }
        assertThat(trinoCatalogs()).doesNotContain(catalog);
        Response sync = api().post("/api/v1/catalogs/sync", Map.of());
        assertThat(sync.body()).contains(catalog);
        assertThat(trinoCatalogs()).contains(catalog);
        api().delete("/api/v1/datasources/" + created.json().get("id").asString());
    }

    private static Map<String, Object> config(TestDatabase database, String password) {
        Map<String, Object> config = DatasourceConfigs.of(database, password);
        config.put("connectionTimeout", 5000);
        return config;
    }

    private static void seed(TestDatabase database, String... statements) throws SQLException {
        try (Connection connection = database.openConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static long queryLong(String sql) throws SQLException {
        return queryLong(TEST_USER, sql);
    }

    private static long queryLong(String user, String sql) throws SQLException {
        try (Connection connection = trinoConnection(user);
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(sql)) {
            assertThat(resultSet.next()).isTrue();
            return resultSet.getBigDecimal(1).longValueExact();
        }
    }

    private static boolean catalogQueryable(String catalog, String table) {
        try {
            queryLong("SELECT count(*) FROM " + catalog + "." + table);
            return true;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private static List<String> trinoCatalogs() throws SQLException {
        List<String> catalogs = new ArrayList<>();
        try (Connection connection = trinoConnection();
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery("SELECT catalog_name FROM system.metadata.catalogs")) {
            while (resultSet.next()) {
                catalogs.add(resultSet.getString(1));
            }
        }
        return catalogs;
    }

    private static boolean queryHistoryContains(String text) throws SQLException {
        // as the sync principal, who ran the CREATE CATALOGs: users see only their own queries (read-only policy)
        try (Connection connection = trinoConnection(SharedTrino.SYNC_PRINCIPAL);
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery("SELECT query FROM system.runtime.queries")) {
            while (resultSet.next()) {
                String query = resultSet.getString(1);
                // this very query mentions the text only if it is searched for in SQL; it is not
                if (query.contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void assertNoFileContains(Path directory, String text) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(file.toString())
                        .doesNotContain(text);
            }
        }
    }
}

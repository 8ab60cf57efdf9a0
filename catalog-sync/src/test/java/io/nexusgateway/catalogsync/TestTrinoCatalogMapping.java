package io.nexusgateway.catalogsync;

import static io.nexusgateway.catalogsync.trino.TrinoTesting.client;
import static io.nexusgateway.catalogsync.trino.TrinoTesting.query;
import static io.nexusgateway.catalogsync.trino.TrinoTesting.uniqueCatalogName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.catalogsync.trino.ActualCatalog;
import io.nexusgateway.catalogsync.trino.TrinoCatalogClient;
import io.nexusgateway.catalogsync.trino.TrinoQueryFailedException;
import io.nexusgateway.connectors.CatalogDefinition;
import io.nexusgateway.connectors.ConnectorTypes;
import io.nexusgateway.connectors.DatasourceSpec;
import io.nexusgateway.testing.db.DatabaseServer;
import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every type's mapping against a real Trino 476: the properties are accepted by {@code CREATE CATALOG}, and where a
 * real server runs (MariaDB, PostgreSQL) the catalog answers queries. Logins are the servers' admin users without
 * password; secret references are tested with the secrets provider.
 */
final class TestTrinoCatalogMapping {
    private static TrinoCatalogClient trino;
    private final List<String> catalogs = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        trino = client();
    }

    @AfterAll
    static void tearDown() {
        trino.close();
    }

    @AfterEach
    void dropCatalogs() {
        catalogs.forEach(trino::drop);
        catalogs.clear();
    }

    @Test
    void testMySqlConnectorOnMariaDb() throws SQLException {
        DatabaseServer server = TestDatabases.mariadb();
        try (TestDatabase database = server.createDatabase("cs_mysql")) {
            fillMariaDb(server, database);
            // writable: the mysql type's read-only session sets transaction_read_only (MySQL 8), which MariaDB before
            // 11.1 does not know; MariaDB datasources use the mariadb type, whose read-only session is tested below
            String name = create(spec("mysql", server)
                    .writable(true)
                    .database(database.databaseName())
                    .connectionTimeout(Duration.ofMillis(2500))
                    .extraProperty("case-insensitive-name-matching", "true")
                    .build());
            assertThat(query("SELECT id, name FROM %s.%s.items ORDER BY id".formatted(name, database.databaseName())))
                    .containsExactly(List.of("1", "it's"), List.of("2", "ü"));
        }
    }

    @Test
    void testMariaDbConnector() throws SQLException {
        DatabaseServer server = TestDatabases.mariadb();
        try (TestDatabase database = server.createDatabase("cs_mariadb")) {
            fillMariaDb(server, database);
            String name = create(spec("mariadb", server)
                    .database(database.databaseName())
                    .connectionTimeout(Duration.ofSeconds(5))
                    .timezone("+01:00")
                    .build());
            assertThat(query("SELECT count(*) FROM %s.%s.items".formatted(name, database.databaseName())))
                    .containsExactly(List.of("2"));
            // timezone reaches the session: Connector/J 3.3 sets time_zone from the URL's timezone parameter
            assertThat(query("SELECT * FROM TABLE(%s.system.query(query => 'SELECT @@time_zone'))".formatted(name)))
                    .containsExactly(List.of("+01:00"));
            // not writable (the default): Trino's sessions on the source are read-only
            assertThat(query("SELECT * FROM TABLE(%s.system.query(query => 'SELECT @@tx_read_only'))".formatted(name)))
                    .containsExactly(List.of("1"));
        }
    }

    @Test
    void testPostgreSqlConnector() throws SQLException {
        DatabaseServer server = TestDatabases.postgresql();
        try (TestDatabase database = server.createDatabase("cs_pg")) {
            try (Connection connection = server.openAdminConnection(database.databaseName());
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE public.items (id int PRIMARY KEY, name text)");
                statement.execute("INSERT INTO public.items VALUES (1, 'it''s'), (2, 'ü')");
            }
            String name = create(spec("postgresql", server)
                    .database(database.databaseName())
                    .connectionTimeout(Duration.ofSeconds(5))
                    .build());
            assertThat(query("SELECT id, name FROM %s.public.items ORDER BY id".formatted(name)))
                    .containsExactly(List.of("1", "it's"), List.of("2", "ü"));
            // not writable (the default): every transaction of Trino's sessions on the source is read-only
            assertThat(query(("SELECT * FROM TABLE(%s.system.query(query => "
                                    + "'SELECT current_setting(''default_transaction_read_only'') AS ro'))")
                            .formatted(name)))
                    .containsExactly(List.of("on"));
        }
    }

    @Test
    void testQuotesSurviveCreateCatalog() {
        // the login name reaches the server exactly, quotes and all, which names it when it refuses the login;
        // MariaDB does so whether it trusts nothing (embedded) or the machine's server is used
        DatabaseServer server = TestDatabases.mariadb();
        String name = create(spec("mariadb", server).username("o'brien \"x\"").build());
        assertThatThrownBy(() -> query("SHOW SCHEMAS FROM " + name))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("o'brien \"x\"");
    }

    @Test
    void testSslIsRequiredWhenAsked() {
        // the machine's servers have no TLS: Trino accepts the catalogs, and queries fail saying why
        DatabaseServer mariadb = TestDatabases.mariadb();
        DatabaseServer postgresql = TestDatabases.postgresql();
        String mysqlCatalog = create(spec("mysql", mariadb).ssl(true).build());
        String mariadbCatalog = create(spec("mariadb", mariadb).ssl(true).build());
        String postgresqlCatalog = create(spec("postgresql", postgresql)
                .database(postgresql.kind().maintenanceDatabase())
                .ssl(true)
                .build());
        // Connector/J's own words: it tried TLS (sslMode=VERIFY_IDENTITY) with its reconnect attempts
        assertThatThrownBy(() -> query("SHOW SCHEMAS FROM " + mysqlCatalog))
                .hasMessageContaining("Could not create connection to database server");
        assertThatThrownBy(() -> query("SHOW SCHEMAS FROM " + mariadbCatalog))
                .hasMessageContaining("ssl not enabled in the server");
        assertThatThrownBy(() -> query("SHOW SCHEMAS FROM " + postgresqlCatalog))
                .hasMessageContaining("The server does not support SSL");
    }

    @Test
    void testOracleIsAcceptedWithoutServer() {
        // no Oracle server here: the catalog is accepted, queries fail with Oracle's own message when the pool is off
        String withoutPool = create(
                oracle().maxPoolSize(0).connectionTimeout(Duration.ofSeconds(3)).build());
        assertThatThrownBy(() -> query("SHOW SCHEMAS FROM " + withoutPool))
                .hasMessageContaining("ORA-12541")
                .hasMessageContaining("127.0.0.1");
        // with Trino's default pool, the failure is UCP's
        String pooled = create(oracle().maxPoolSize(4)
                .idleTimeout(Duration.ofMinutes(5))
                .ssl(true)
                .extraProperty("oracle.synonyms.enabled", "true")
                .build());
        assertThatThrownBy(() -> query("SHOW SCHEMAS FROM " + pooled)).hasMessageContaining("UCP");
    }

    @Test
    void testTpch() throws SQLException {
        String name = create(DatasourceSpec.builder(UUID.randomUUID(), "tpch", uniqueCatalogName("map_tpch"))
                .extraProperty("tpch.splits-per-node", "2")
                .build());
        assertThat(query("SELECT count(*) FROM %s.tiny.nation".formatted(name))).containsExactly(List.of("25"));
    }

    @Test
    void testUnknownExtraPropertyIsRefusedByTrino() {
        DatasourceSpec spec = spec("mysql", TestDatabases.mariadb())
                .extraProperty("mysql.no-such-setting", "1")
                .build();
        CatalogDefinition catalog = ConnectorTypes.toCatalog(spec);
        assertThatThrownBy(() -> trino.create(catalog))
                .isInstanceOf(TrinoQueryFailedException.class)
                .hasMessageContaining("Configuration property 'mysql.no-such-setting' was not used");
        assertThat(trino.listCatalogs()).extracting(ActualCatalog::catalogName).doesNotContain(spec.catalogName());
    }

    private String create(DatasourceSpec spec) {
        CatalogDefinition catalog = ConnectorTypes.toCatalog(spec);
        catalogs.add(catalog.catalogName());
        trino.create(catalog);
        assertThat(trino.listCatalogs()).contains(new ActualCatalog(catalog.catalogName(), catalog.connectorName()));
        return catalog.catalogName();
    }

    private static DatasourceSpec.Builder spec(String type, DatabaseServer server) {
        assertThat(server.adminPassword()).as("tests log in without password").isEmpty();
        return DatasourceSpec.builder(UUID.randomUUID(), type, uniqueCatalogName("map_" + type))
                .host(server.host())
                .port(server.port())
                .username(server.adminUser());
    }

    private static DatasourceSpec.Builder oracle() {
        return DatasourceSpec.builder(UUID.randomUUID(), "oracle", uniqueCatalogName("map_oracle"))
                .host("127.0.0.1")
                .database("FREEPDB1")
                .username("scott");
    }

    private static void fillMariaDb(DatabaseServer server, TestDatabase database) throws SQLException {
        try (Connection connection = server.openAdminConnection(database.databaseName());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE items (id int PRIMARY KEY, name varchar(20))");
            statement.execute("INSERT INTO items VALUES (1, 'it''s'), (2, 'ü')");
        }
    }
}

package io.nexusgateway.catalogsync.trino;

import static io.nexusgateway.catalogsync.trino.TrinoTesting.client;
import static io.nexusgateway.catalogsync.trino.TrinoTesting.connectionProperties;
import static io.nexusgateway.catalogsync.trino.TrinoTesting.uniqueCatalogName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.connectors.CatalogDefinition;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class TestTrinoCatalogClient {
    private static TrinoCatalogClient trino;

    @BeforeAll
    static void setUp() {
        trino = client();
    }

    @AfterAll
    static void tearDown() {
        trino.close();
    }

    @Test
    void testListShowsSystemCatalog() {
        assertThat(trino.listCatalogs()).contains(new ActualCatalog("system", "system"));
    }

    @Test
    void testCreateListDrop() {
        String name = uniqueCatalogName("client");
        CatalogDefinition catalog =
                CatalogDefinition.of(name, "tpch", Map.of("tpch.splits-per-node", "2"), "owner-1", 0);
        trino.create(catalog);
        try {
            assertThat(trino.listCatalogs()).contains(new ActualCatalog(name, "tpch"));
            assertThatThrownBy(() -> trino.create(catalog))
                    .isInstanceOfSatisfying(TrinoQueryFailedException.class, e -> {
                        assertThat(e).hasMessage("Catalog '%s' already exists".formatted(name));
                        assertThat(e.queryId()).isNotBlank();
                        assertThat(e.errorCode()).isPositive();
                    });
        } finally {
            trino.drop(name);
        }
        assertThat(trino.listCatalogs()).extracting(ActualCatalog::catalogName).doesNotContain(name);
        // DROP CATALOG IF EXISTS: dropping what is not there is no error
        trino.drop(name);
    }

    @Test
    void testTrinoMessagesComeVerbatim() {
        String name = uniqueCatalogName("client_bad");
        CatalogDefinition catalog = CatalogDefinition.of(name, "tpch", Map.of("tpch.no-such-property", "1"), "o", 0);
        assertThatThrownBy(() -> trino.create(catalog))
                .isInstanceOf(TrinoQueryFailedException.class)
                .hasMessageStartingWith("Configuration errors:")
                .hasMessageContaining("Configuration property 'tpch.no-such-property' was not used")
                .hasMessageNotContaining("Query failed");
        assertThat(trino.listCatalogs()).extracting(ActualCatalog::catalogName).doesNotContain(name);

        CatalogDefinition unknownConnector = CatalogDefinition.of(name, "no_such_connector", Map.of(), "o", 0);
        assertThatThrownBy(() -> trino.create(unknownConnector))
                .isInstanceOf(TrinoQueryFailedException.class)
                .hasMessageContaining("no_such_connector");
    }

    @Test
    void testStatusNamesTheCoordinatorProcess() {
        TrinoStatus first = trino.status();
        TrinoStatus second = trino.status();
        assertThat(first.up()).as(String.valueOf(first.error())).isTrue();
        assertThat(first.version()).isEqualTo("476");
        assertThat(first.instanceId()).matches("[a-z2-9]{5}");
        assertThat(second.instanceId()).isEqualTo(first.instanceId());
    }

    @Test
    void testUnreachableTrino() {
        try (TrinoCatalogClient absent = new TrinoCatalogClient(
                TrinoTesting.unusedTrinoUrl(), connectionProperties(), Duration.ofSeconds(10), Clock.systemUTC())) {
            assertThatThrownBy(absent::listCatalogs)
                    .isInstanceOf(TrinoUnavailableException.class)
                    .hasMessageContaining("is unreachable")
                    .hasMessageContaining("Failed to connect");
            TrinoStatus status = absent.status();
            assertThat(status.up()).isFalse();
            assertThat(status.instanceId()).isNull();
            assertThat(status.error()).contains("unreachable");
        }
    }

    @Test
    void testSilentTrinoIsBoundedByTheCallTimeout() throws IOException {
        // accepts connections, never answers: trino-jdbc alone would retry for about two minutes
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                TrinoCatalogClient hanging = new TrinoCatalogClient(
                        "jdbc:trino://127.0.0.1:" + silent.getLocalPort() + "?SSL=true",
                        connectionProperties(),
                        Duration.ofSeconds(2),
                        Clock.systemUTC())) {
            long start = System.nanoTime();
            assertThatThrownBy(hanging::listCatalogs)
                    .isInstanceOf(TrinoUnavailableException.class)
                    .hasMessageContaining("did not answer within PT2S");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(hanging.status().up()).isFalse();
        }
    }

    @Test
    void testInvalidSettingsFailAtConstruction() {
        Properties unknown = connectionProperties();
        unknown.setProperty("noSuchProperty", "x");
        assertThatThrownBy(() -> new TrinoCatalogClient(TrinoTesting.trino().jdbcUrl(), unknown))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("noSuchProperty");
        assertThatThrownBy(() -> new TrinoCatalogClient("jdbc:mysql://x", connectionProperties()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testCoordinatorId() {
        assertThat(TrinoCatalogClient.coordinatorId("20261127_013306_00069_vziyn"))
                .isEqualTo("vziyn");
    }
}

package io.nexusgateway.controlplane.support;

import io.nexusgateway.testing.SharedTrino;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of end-to-end tests: the real control plane on the port the shared Trino's secrets provider calls, a real
 * Trino 476 with the Nexus secrets plugin, and an H2 metadata store of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
public abstract class NexusIntegrationTest {
    /** The Trino user of {@link #trinoConnection()}. */
    public static final String TEST_USER = "nexus-test";

    public static final String ADMIN_KEY = "test-admin-key-" + UUID.randomUUID();
    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void nexusProperties(DynamicPropertyRegistry registry) {
        SharedTrino trino = SharedTrino.get();
        registry.add("server.port", trino::controlPlanePort);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("nexus.trino.uri", () -> trino.httpUri().toString());
        registry.add("nexus.security.admin-api-key", () -> ADMIN_KEY);
        registry.add("nexus.security.internal-token", trino::internalToken);
        registry.add("nexus.secrets.key-file", () -> Path.of("target", "it-" + RUN_ID, "secret.key")
                .toAbsolutePath()
                .toString());
        registry.add(
                "spring.datasource.url",
                () -> "jdbc:h2:file:"
                        + Path.of("target", "it-" + RUN_ID, "metadata").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
        registry.add("nexus.sync.interval", () -> "5s");
        registry.add("nexus.sync.watch-interval", () -> "500ms");
        // the spool-store outage tests wait for the control plane to go back to spooling
        registry.add("nexus.query.spooling.fallback-period", () -> "5s");
    }

    protected static ApiClient api() {
        return new ApiClient(URI.create("http://127.0.0.1:" + SharedTrino.get().controlPlanePort()), ADMIN_KEY);
    }

    protected static SharedTrino trino() {
        return SharedTrino.get();
    }

    /** A direct connection to Trino (bypassing the control plane), as an analyst's tool would have. */
    protected static Connection trinoConnection() throws SQLException {
        return trinoConnection(TEST_USER);
    }

    /** A direct connection to Trino as {@code user}, e.g. the catalog-sync principal. */
    protected static Connection trinoConnection(String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        return DriverManager.getConnection(SharedTrino.get().jdbcUrl(), properties);
    }

    protected static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}

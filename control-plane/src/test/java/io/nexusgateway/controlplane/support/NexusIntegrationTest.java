package io.nexusgateway.controlplane.support;

import io.nexusgateway.testing.SharedFlinkSqlGateway;
import io.nexusgateway.testing.SharedLivy;
import io.nexusgateway.testing.SharedSparkConnect;
import io.nexusgateway.testing.SharedTrino;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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
    /** The Trino user of {@link #trinoConnection()}: a Nexus admin, so it sees every test's catalogs. */
    public static final String TEST_USER = "it-admin";

    /** A user whose Trino query limits are 1 running and 1 queued (set below). */
    public static final String THROTTLED_USER = "it-throttled";

    public static final String ADMIN_KEY = "test-admin-key-" + UUID.randomUUID();
    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void nexusProperties(DynamicPropertyRegistry registry) {
        SharedTrino trino = SharedTrino.get();
        registry.add("server.port", trino::controlPlanePort);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("nexus.trino.uri", () -> trino.clientUri().toString());
        registry.add("nexus.trino.certificate", () -> trino.certificate().toString());
        registry.add("nexus.security.admin-api-key", () -> ADMIN_KEY);
        registry.add("nexus.security.internal-token", trino::internalToken);
        registry.add("nexus.secrets.key-file", () -> Path.of("target", "it-" + RUN_ID, "secret.key")
                .toAbsolutePath()
                .toString());
        // the key file Trino's JWKS was read from at its start: tokens of this control plane verify in Trino
        registry.add(
                "nexus.security.jwt.keys-file", () -> trino.jwtKeys().file().toString());
        registry.add(
                "spring.datasource.url",
                () -> "jdbc:h2:file:"
                        + Path.of("target", "it-" + RUN_ID, "metadata").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
        registry.add("nexus.trino.query-limits.users." + THROTTLED_USER + ".running", () -> "1");
        registry.add("nexus.trino.query-limits.users." + THROTTLED_USER + ".queued", () -> "1");
        registry.add("nexus.sync.interval", () -> "5s");
        registry.add("nexus.sync.watch-interval", () -> "500ms");
        // the spool-store outage tests wait for the control plane to go back to spooling
        registry.add("nexus.query.spooling.fallback-period", () -> "5s");
        // Spark jobs through Spark Connect: the server starts when the first test needs it (SharedSparkConnect.get)
        registry.add("nexus.jobs.engines.spark-connect.url", SharedSparkConnect::reservedUrl);
        registry.add(
                "nexus.jobs.engines.spark-connect.runner-jar",
                () -> requiredProperty("nexus.spark-connect-runner.jar"));
        // Spark through Livy: the same, started by the first test that runs a batch (SharedLivy.get); the
        // application's jar where Livy's whitelist lets a batch name it
        registry.add("nexus.jobs.engines.livy.url", SharedLivy::reservedUrl);
        registry.add("nexus.jobs.engines.livy.application-jar", () -> SharedLivy.stage(
                        Path.of(requiredProperty("nexus.spark-etl.jar")))
                .toString());
        // Flink through its SQL Gateway: the same (SharedFlinkSqlGateway.get)
        registry.add("nexus.jobs.engines.flink-sql-gateway.gateway-url", SharedFlinkSqlGateway::reservedGatewayUrl);
        registry.add("nexus.jobs.engines.flink-sql-gateway.cluster-url", SharedFlinkSqlGateway::reservedClusterUrl);
        registry.add("nexus.jobs.engines.cache-dir", () -> SharedSparkConnect.engineCacheDir()
                .toString());
        registry.add(
                "nexus.jobs.engines.jobs-dir",
                () -> runDirectory().resolve("jobs").toString());
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (Maven's surefire sets it)");
        }
        return value;
    }

    /** Where this run's H2 metadata store and secret key file are. */
    protected static Path runDirectory() {
        return Path.of("target", "it-" + RUN_ID).toAbsolutePath();
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
        if (user.equals(TEST_USER)) {
            Identities.ensureUser(api(), TEST_USER, "admin");
        }
        return DriverManager.getConnection(
                SharedTrino.get().jdbcUrl(), SharedTrino.get().connectionProperties(user));
    }

    protected static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}

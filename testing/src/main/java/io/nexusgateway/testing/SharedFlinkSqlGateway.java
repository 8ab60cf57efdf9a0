package io.nexusgateway.testing;

import io.nexusgateway.engines.runtime.EngineProcess;
import io.nexusgateway.engines.runtime.FlinkSqlGateway;
import java.nio.file.Path;

/**
 * One Flink SQL Gateway with its session cluster (engine-runtime's {@link FlinkSqlGateway}) per test JVM, in {@code
 * target/shared-flink-sql-gateway} of the module under test, stopped when the JVM exits. Its jars are resolved by
 * Maven on first use into {@link SharedSparkConnect#engineCacheDir()}; the gateway extension's jar is {@code
 * -Dnexus.flink-gateway-extension.jar} (the module under test's pom sets it).
 */
public final class SharedFlinkSqlGateway {
    private static FlinkSqlGateway instance;
    private static int reservedGatewayPort;
    private static int reservedClusterPort;

    private SharedFlinkSqlGateway() {}

    /** The gateway's URL once {@link #get} started it, without starting it (see {@link SharedSparkConnect#reservedUrl}). */
    public static synchronized String reservedGatewayUrl() {
        reserve();
        return instance != null ? instance.gatewayUrl().toString() : "http://127.0.0.1:" + reservedGatewayPort + "/";
    }

    /** The session cluster's URL once {@link #get} started it, without starting it. */
    public static synchronized String reservedClusterUrl() {
        reserve();
        return instance != null ? instance.clusterUrl().toString() : "http://127.0.0.1:" + reservedClusterPort + "/";
    }

    private static void reserve() {
        if (instance == null && reservedGatewayPort == 0) {
            reservedGatewayPort = EngineProcess.freePort();
            reservedClusterPort = EngineProcess.freePort();
        }
    }

    public static synchronized FlinkSqlGateway get() {
        if (instance == null) {
            String extensionJar = System.getProperty("nexus.flink-gateway-extension.jar");
            if (extensionJar == null || extensionJar.isBlank()) {
                throw new IllegalStateException(
                        "-Dnexus.flink-gateway-extension.jar is not set: run through Maven (the module's pom sets it)");
            }
            Path home = Path.of("target", "shared-flink-sql-gateway").toAbsolutePath();
            SharedSparkConnect.deleteRecursively(home);
            instance = reservedGatewayPort == 0
                    ? FlinkSqlGateway.start(home, SharedSparkConnect.engineCacheDir(), Path.of(extensionJar), "1g", 4)
                    : FlinkSqlGateway.start(
                            home,
                            SharedSparkConnect.engineCacheDir(),
                            Path.of(extensionJar),
                            "1g",
                            4,
                            reservedGatewayPort,
                            reservedClusterPort);
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "shared-flink-sql-gateway-shutdown"));
            System.err.printf(
                    "Flink SQL Gateway %s (cluster %s, pid %d) started in %d ms%n",
                    instance.gatewayUrl(),
                    instance.clusterUrl(),
                    instance.pid(),
                    instance.startupTime().toMillis());
        }
        return instance;
    }
}

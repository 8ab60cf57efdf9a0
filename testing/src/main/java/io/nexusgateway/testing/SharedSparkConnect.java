package io.nexusgateway.testing;

import io.nexusgateway.engines.runtime.EngineProcess;
import io.nexusgateway.engines.runtime.SparkConnectServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One Spark Connect server (local mode, engine-runtime's {@link SparkConnectServer}) per test JVM, in {@code
 * target/shared-spark-connect} of the module under test, stopped when the JVM exits. Its jars are resolved by Maven on
 * first use into {@link #engineCacheDir()}.
 */
public final class SharedSparkConnect {
    private static SparkConnectServer instance;
    private static int reservedPort;

    private SharedSparkConnect() {}

    /**
     * The URL the server has once {@link #get} started it, without starting it: a control plane under test is told
     * of the engine at its start, and only the tests that run Spark jobs pay for the server.
     */
    public static synchronized String reservedUrl() {
        if (instance != null) {
            return instance.connectUrl();
        }
        if (reservedPort == 0) {
            reservedPort = EngineProcess.freePort();
        }
        return "sc://127.0.0.1:" + reservedPort;
    }

    public static synchronized SparkConnectServer get() {
        if (instance == null) {
            Path home = Path.of("target", "shared-spark-connect").toAbsolutePath();
            deleteRecursively(home);
            instance = reservedPort == 0
                    ? SparkConnectServer.start(home, engineCacheDir(), "768m")
                    : SparkConnectServer.start(home, engineCacheDir(), "768m", reservedPort);
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "shared-spark-connect-shutdown"));
            System.err.printf(
                    "Spark Connect server %s (UI %s, pid %d) started in %d ms%n",
                    instance.connectUrl(),
                    instance.uiUrl(),
                    instance.pid(),
                    instance.startupTime().toMillis());
        }
        return instance;
    }

    /** Where engines' resolved classpaths are cached: {@code -Dnexus.engines.cache-dir}, else {@code target/engines}. */
    public static Path engineCacheDir() {
        String configured = System.getProperty("nexus.engines.cache-dir");
        return configured == null || configured.isBlank()
                ? Path.of("target", "engines").toAbsolutePath()
                : Path.of(configured).toAbsolutePath();
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

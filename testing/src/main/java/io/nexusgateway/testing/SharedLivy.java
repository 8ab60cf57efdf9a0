package io.nexusgateway.testing;

import io.nexusgateway.engines.runtime.EngineProcess;
import io.nexusgateway.engines.runtime.LivyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * One Livy server (engine-runtime's {@link LivyServer}, batches on a local Spark) per test JVM, in {@code
 * target/shared-livy} of the module under test, stopped when the JVM exits. Its jars are resolved by Maven on first
 * use into {@link SharedSparkConnect#engineCacheDir()}. Batches may name local files only in {@link
 * #applicationsDir()}: {@link #stage} copies an application's jar there.
 */
public final class SharedLivy {
    private static LivyServer instance;
    private static int reservedPort;

    private SharedLivy() {}

    /**
     * The URL the server has once {@link #get} started it, without starting it: a control plane under test is told
     * of the engine at its start, and only the tests that run Livy batches pay for the server.
     */
    public static synchronized String reservedUrl() {
        if (instance != null) {
            return instance.url().toString();
        }
        if (reservedPort == 0) {
            reservedPort = EngineProcess.freePort();
        }
        return "http://127.0.0.1:" + reservedPort + "/";
    }

    public static synchronized LivyServer get() {
        if (instance == null) {
            Path home = Path.of("target", "shared-livy").toAbsolutePath();
            SharedSparkConnect.deleteRecursively(home);
            List<Path> whitelist = List.of(applicationsDir());
            instance = reservedPort == 0
                    ? LivyServer.start(home, SharedSparkConnect.engineCacheDir(), whitelist, "512m")
                    : LivyServer.start(home, SharedSparkConnect.engineCacheDir(), whitelist, "512m", reservedPort);
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "shared-livy-shutdown"));
            System.err.printf(
                    "Livy server %s (pid %d) started in %d ms%n",
                    instance.url(), instance.pid(), instance.startupTime().toMillis());
        }
        return instance;
    }

    /** The directory Livy's {@code livy.file.local-dir-whitelist} names. */
    public static Path applicationsDir() {
        return Path.of("target", "shared-livy-applications").toAbsolutePath();
    }

    /** {@code jar} copied into {@link #applicationsDir()}, where a batch may name it. */
    public static Path stage(Path jar) {
        try {
            Files.createDirectories(applicationsDir());
            Path staged = applicationsDir().resolve(jar.getFileName());
            Files.copy(jar, staged, StandardCopyOption.REPLACE_EXISTING);
            return staged;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

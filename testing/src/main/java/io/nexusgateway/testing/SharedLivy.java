package io.nexusgateway.testing;

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

    private SharedLivy() {}

    public static synchronized LivyServer get() {
        if (instance == null) {
            Path home = Path.of("target", "shared-livy").toAbsolutePath();
            SharedSparkConnect.deleteRecursively(home);
            instance = LivyServer.start(home, SharedSparkConnect.engineCacheDir(), List.of(applicationsDir()), "512m");
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

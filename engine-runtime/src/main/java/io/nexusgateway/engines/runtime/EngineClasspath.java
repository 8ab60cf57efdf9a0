package io.nexusgateway.engines.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An engine's classpath, resolved by Maven from the engine's pom (a resource {@code engines/<engine>/pom.xml} of this
 * module) the first time it is asked for, then read from a cache file named by the pom's hash, so a changed pom
 * resolves again. Maven is a prerequisite of Nexus anyway; the jars land in the user's {@code ~/.m2}.
 */
public final class EngineClasspath {
    private static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(15);

    private EngineClasspath() {}

    /**
     * The jars of {@code engine} ({@code spark}, {@code livy}, {@code flink}...), resolving them if needed.
     *
     * @param cacheDir where resolved classpaths and the engine's pom are kept, e.g. {@code var/engines}
     */
    public static List<Path> resolve(String engine, Path cacheDir) {
        requireNonNull(engine, "engine is null");
        byte[] pom = pom(engine);
        try {
            Files.createDirectories(cacheDir);
            Path classpathFile = cacheDir.resolve(engine + "-" + hash(pom) + ".classpath");
            if (!Files.isRegularFile(classpathFile)) {
                Path pomFile = cacheDir.resolve(engine + "-pom.xml");
                Files.write(pomFile, pom);
                Path partial = Files.createTempFile(cacheDir, engine, ".classpath.partial");
                runMaven(engine, pomFile, partial, cacheDir.resolve(engine + "-resolve.log"));
                Files.move(partial, classpathFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            String classpath = Files.readString(classpathFile, UTF_8).strip();
            return classpath.isEmpty()
                    ? List.of()
                    : java.util.Arrays.stream(classpath.split(java.io.File.pathSeparator))
                            .map(Path::of)
                            .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot resolve the jars of " + engine + ": " + e.getMessage(), e);
        }
    }

    private static void runMaven(String engine, Path pomFile, Path output, Path log) throws IOException {
        List<String> command = List.of(
                maven(),
                "-B",
                "-q",
                "-f",
                pomFile.toString(),
                "dependency:build-classpath",
                "-Dmdep.outputFile=" + output,
                "-Dmdep.includeScope=runtime");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(RESOLVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "Maven did not resolve the jars of " + engine + " within " + RESOLVE_TIMEOUT + "; see " + log);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resolving the jars of " + engine, e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Maven could not resolve the jars of " + engine + " (exit "
                    + process.exitValue() + "); see " + log);
        }
    }

    /** {@code mvn} from {@code MAVEN_HOME}/{@code M2_HOME} if set, else from the PATH. */
    private static String maven() {
        for (String variable : List.of("MAVEN_HOME", "M2_HOME")) {
            String home = System.getenv(variable);
            if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
                return Path.of(home, "bin", "mvn").toString();
            }
        }
        return "mvn";
    }

    private static byte[] pom(String engine) {
        String resource = "/engines/" + engine + "/pom.xml";
        try (InputStream input = EngineClasspath.class.getResourceAsStream(resource)) {
            if (input == null) {
                throw new IllegalArgumentException("no engine '" + engine + "' (no " + resource + ")");
            }
            return input.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(byte[] content) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

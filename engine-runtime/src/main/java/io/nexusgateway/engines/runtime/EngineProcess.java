package io.nexusgateway.engines.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An engine JVM run as a child process: {@code java} of the running JDK, the classpath and JVM options in an argfile
 * (command lines are visible to every local user and have a length limit; neither holds a secret here), output
 * appended to a log file. {@link #close()} stops the process and its descendants.
 */
public final class EngineProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path logFile;

    private EngineProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code mainClass} with {@code classpath}.
     *
     * @param workDir the process' working directory; the argfile and the log are written there
     * @param environment variables set besides the inherited ones
     */
    public static EngineProcess start(
            String name,
            List<Path> classpath,
            List<String> jvmOptions,
            String mainClass,
            List<String> arguments,
            Map<String, String> environment,
            Path workDir) {
        requireNonNull(name, "name is null");
        try {
            Path argFile = writeArgFile(name, classpath, jvmOptions, null, workDir);
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.add("@" + argFile);
            command.add(mainClass);
            command.addAll(arguments);
            Path logFile = workDir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(environment);
            return new EngineProcess(name, builder.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code <workDir>/<name>.args}: the JVM options, the classpath and, unless null, the main class, for
     * {@code java @argfile}.
     */
    public static Path writeArgFile(
            String name, List<Path> classpath, List<String> jvmOptions, @Nullable String mainClass, Path workDir) {
        try {
            Files.createDirectories(workDir);
            Path argFile = workDir.resolve(name + ".args");
            List<String> lines = new ArrayList<>(jvmOptions);
            lines.add("-cp");
            lines.add(quote(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator))));
            if (mainClass != null) {
                lines.add(mainClass);
            }
            Files.writeString(argFile, String.join("\n", lines) + "\n", UTF_8);
            return argFile;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the argfile of " + name + ": " + e.getMessage(), e);
        }
    }

    /** Polls {@code ready} until it holds; fails fast, naming the log, if the process exits first. */
    public void awaitReady(Duration timeout, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with code " + process.exitValue() + " during startup; see " + logFile);
            }
            if (ready.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + logFile);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** A free TCP port on loopback (the OS picks it). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code java} of the JDK this JVM runs on. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Stops the process and its descendants: politely, then forcibly after ten seconds. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    // an argfile token with spaces or quotes is written in double quotes, backslashes escaped
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

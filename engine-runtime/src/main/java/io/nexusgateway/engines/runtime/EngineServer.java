package io.nexusgateway.engines.runtime;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** An engine's server as a child process: what every engine launcher here answers besides its own addresses. */
public abstract class EngineServer implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final EngineProcess process;
    private final Duration startupTime;

    protected EngineServer(EngineProcess process, Duration startupTime) {
        this.process = requireNonNull(process, "process is null");
        this.startupTime = requireNonNull(startupTime, "startupTime is null");
    }

    /** The server's output, appended. */
    public Path logFile() {
        return process.logFile();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** From starting the JVM until the server answered its readiness check. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops the server and every process it started. */
    @Override
    public void close() {
        process.close();
    }

    /** A server's process once it was ready, and how long that took. */
    protected record Started(EngineProcess process, Duration startupTime) {}

    /** Starts the server's JVM and waits until {@code ready} holds; a server that is not ready in time is stopped. */
    protected static Started startReady(
            String name,
            List<Path> classpath,
            List<String> jvmOptions,
            String mainClass,
            Map<String, String> environment,
            Path workDir,
            Duration timeout,
            BooleanSupplier ready) {
        long started = System.nanoTime();
        EngineProcess process =
                EngineProcess.start(name, classpath, jvmOptions, mainClass, List.of(), environment, workDir);
        try {
            process.awaitReady(timeout, ready);
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new Started(process, Duration.ofNanos(System.nanoTime() - started));
    }

    /** A readiness check: {@code GET uri} answers 200. */
    protected static boolean answersOk(URI uri) {
        try {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A readiness check: something accepts connections on the loopback {@code port}. */
    protected static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

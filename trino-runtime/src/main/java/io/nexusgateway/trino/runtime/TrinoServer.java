package io.nexusgateway.trino.runtime;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A Trino server process started from a {@link TrinoHome}'s argfile: the same launch as {@code bin/nexus up}. */
public final class TrinoServer implements AutoCloseable {
    private final TrinoHome home;
    private final Process process;

    private TrinoServer(TrinoHome home, Process process) {
        this.home = requireNonNull(home, "home is null");
        this.process = requireNonNull(process, "process is null");
    }

    /** Starts Trino with {@code java} from {@code javaHome}, output appended to the home's log file. */
    public static TrinoServer start(TrinoHome home, Path javaHome) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.add("@" + home.argFile());
        try {
            // the log names users and their queries
            PrivateFiles.createFile(home.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + home.logFile() + ": " + e.getMessage(), e);
        }
        ProcessBuilder builder = new ProcessBuilder(PrivateFiles.withPrivateUmask(command))
                .directory(home.dataDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.logFile().toFile()));
        if (home.usesSpoolingCredentialsFile()) {
            // they would win over the spool store's profile file in the AWS SDK's default chain
            TrinoHome.AWS_CREDENTIAL_VARIABLES.forEach(builder.environment()::remove);
        }
        try {
            return new TrinoServer(home, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Trino with " + command + ": " + e.getMessage(), e);
        }
    }

    public TrinoHome home() {
        return home;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public URI httpUri() {
        return home.httpUri();
    }

    public String jdbcUrl() {
        return home.jdbcUrl();
    }

    /** Polls {@code /v1/info} until Trino says it has started; fails fast if the process dies. */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Trino exited with code " + process.exitValue() + " during startup; see " + home.logFile());
            }
            if (isReady(home.httpUri())) {
                return;
            }
            pause(Duration.ofMillis(250));
        }
        throw new IllegalStateException("Trino did not start within " + timeout + "; see " + home.logFile());
    }

    /** True when Trino at {@code uri} answers {@code /v1/info} and is no longer starting. */
    public static boolean isReady(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri.resolve("/v1/info"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    && response.body().replace(" ", "").contains("\"starting\":false");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the server: SIGTERM (Trino shuts down gracefully), then SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        TrinoDistribution.stop(process, grace);
    }

    /** Kills the server at once, as a crash would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    // Polling interval only; readiness itself is decided by the deadline loop above.
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Trino", e);
        }
    }
}

package io.nexusgateway.engines.runtime;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/** An engine's server as a child process: what every engine launcher here answers besides its own addresses. */
public abstract class EngineServer implements AutoCloseable {
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
}

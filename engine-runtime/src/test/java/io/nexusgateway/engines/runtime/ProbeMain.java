package io.nexusgateway.engines.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/** A stand-in engine: marks itself ready, then waits to be stopped. */
public final class ProbeMain {
    private ProbeMain() {}

    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of(args[0]), "ready");
        Thread.sleep(Long.MAX_VALUE);
    }
}

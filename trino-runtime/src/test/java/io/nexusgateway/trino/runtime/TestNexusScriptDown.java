package io.nexusgateway.trino.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/nexus down} stops only its own processes: a pid file left by a crash may name a pid that the system has
 * since given to another program, which must survive.
 */
final class TestNexusScriptDown {
    private static final Path SCRIPT =
            Path.of("..", "bin", "nexus").toAbsolutePath().normalize();

    @TempDir
    Path home;

    private Process stranger;
    private Process ours;

    @AfterEach
    void stopProcesses() {
        for (Process process : new Process[] {stranger, ours}) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void testDownLeavesAStrangerWhosePidIsInAPidFileAlone() throws Exception {
        // the same pid in every pid file, as after a crash and pid reuse
        stranger = new ProcessBuilder("sleep", "600").start();
        Path run = Files.createDirectories(home.resolve("run"));
        for (String name : List.of("trino", "control-plane", "spool-store")) {
            Files.writeString(run.resolve(name + ".pid"), Long.toString(stranger.pid()), UTF_8);
        }

        String output = down();

        assertThat(stranger.isAlive()).as(output).isTrue();
        assertThat(output).contains("left alone");
        assertThat(run.resolve("trino.pid")).doesNotExist();
    }

    @Test
    void testDownStopsItsOwnProcess() throws Exception {
        // a process with our Trino's argfile on its command line, as `java @<home>/trino/launch.args` has (a shell
        // builtin waits: no child outlives it)
        ours = new ProcessBuilder(
                        "bash",
                        "-c",
                        "read -t 600 line; true",
                        home.resolve("trino/launch.args").toString())
                .start();
        Path run = Files.createDirectories(home.resolve("run"));
        Files.writeString(run.resolve("trino.pid"), Long.toString(ours.pid()), UTF_8);

        String output = down();

        assertThat(ours.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(output).contains("stopping trino (pid " + ours.pid() + ")");
    }

    private String down() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), "down").redirectErrorStream(true);
        builder.environment().put("NEXUS_HOME", home.toString());
        Process script = builder.start();
        script.getOutputStream().close();
        String output = new String(script.getInputStream().readAllBytes(), UTF_8);
        assertThat(script.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(script.exitValue()).as(output).isZero();
        return output;
    }
}

package io.nexusgateway.engines.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestEngineRuntime {
    @Test
    void testClasspathIsResolvedOnceAndCached(@TempDir Path cacheDir) throws Exception {
        List<Path> classpath = EngineClasspath.resolve("probe", cacheDir);

        assertThat(classpath).singleElement().satisfies(jar -> {
            assertThat(jar.getFileName().toString()).isEqualTo("jspecify-1.0.0.jar");
            assertThat(jar).isRegularFile();
        });
        Path cached;
        try (var files = Files.list(cacheDir)) {
            cached = files.filter(file -> file.toString().endsWith(".classpath"))
                    .findFirst()
                    .orElseThrow();
        }
        FileTime resolvedAt = Files.getLastModifiedTime(cached);
        assertThat(EngineClasspath.resolve("probe", cacheDir)).isEqualTo(classpath);
        assertThat(Files.getLastModifiedTime(cached)).isEqualTo(resolvedAt);
    }

    @Test
    void testUnknownEngineIsRefused(@TempDir Path cacheDir) {
        assertThatThrownBy(() -> EngineClasspath.resolve("nothing", cacheDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no engine 'nothing'");
    }

    @Test
    void testProcessStartsAndStops(@TempDir Path workDir) {
        Path marker = workDir.resolve("marker");
        Path classes = Path.of(ProbeMain.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath());
        try (EngineProcess process = EngineProcess.start(
                "probe",
                List.of(classes),
                List.of("-Xmx32m"),
                ProbeMain.class.getName(),
                List.of(marker.toString()),
                Map.of(),
                workDir)) {
            process.awaitReady(Duration.ofSeconds(30), () -> Files.exists(marker));
            assertThat(process.isAlive()).isTrue();
            assertThat(ProcessHandle.of(process.pid())
                            .flatMap(handle -> handle.info().commandLine()))
                    .hasValueSatisfying(line -> assertThat(line).contains("@" + workDir.resolve("probe.args")));
            process.close();
            assertThat(process.isAlive()).isFalse();
        }
    }

    @Test
    void testEarlyExitNamesTheLog(@TempDir Path workDir) {
        try (EngineProcess process =
                EngineProcess.start("broken", List.of(), List.of(), "no.such.Main", List.of(), Map.of(), workDir)) {
            assertThatThrownBy(() -> process.awaitReady(Duration.ofSeconds(30), () -> false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with code 1")
                    .hasMessageContaining(workDir.resolve("broken.log").toString());
        }
    }
}

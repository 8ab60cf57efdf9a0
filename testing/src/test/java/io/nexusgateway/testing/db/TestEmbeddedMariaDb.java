package io.nexusgateway.testing.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestEmbeddedMariaDb {
    @Test
    void testMissingLibraryNamesDebianPackage() {
        Exception failure = new IllegalStateException(
                "An error occurred while installing the database",
                new RuntimeException("bin/mariadbd: error while loading shared libraries: libaio.so.1: cannot open"
                        + " shared object file: No such file or directory"));

        String message = EmbeddedMariaDb.explainFailure(Path.of("/tmp/nexus-embedded-mariadb-1"), failure);

        assertThat(message)
                .startsWith("The embedded MariaDB needs the shared library libaio.so.1, which this machine lacks:"
                        + " install libaio1 (Debian/Ubuntu: apt-get install libaio1)")
                .contains("nexus.test.mariadb / NEXUS_TEST_MARIADB")
                .contains("caused by: bin/mariadbd: error while loading shared libraries");
    }

    @Test
    void testOtherFailureKeepsMessage() {
        String message = EmbeddedMariaDb.explainFailure(
                Path.of("/tmp/nexus-embedded-mariadb-1"), new IllegalStateException("port in use"));

        assertThat(message)
                .isEqualTo("Cannot start the embedded MariaDB 11.4.5 in /tmp/nexus-embedded-mariadb-1: port in use");
    }

    @Test
    void testRemovesOrphanOfKilledJvm(@TempDir Path temporaryDirectory) throws Exception {
        Path orphan = Files.createDirectory(temporaryDirectory.resolve("nexus-embedded-mariadb-1"));
        Files.createFile(orphan.resolve("owner.lock")); // nobody holds a lock on it: its JVM is gone
        // stands in for the orphaned mariadbd, whose command line names its directory
        Process server = startIdleProcess(orphan.toString());
        Files.writeString(orphan.resolve("mariadbd.pid"), server.pid() + "\n");
        Files.createDirectories(orphan.resolve("data/mysql"));

        EmbeddedMariaDb.removeOrphans(temporaryDirectory);

        assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(orphan).doesNotExist();
    }

    @Test
    void testLeavesProcessThatReusedOrphansPid(@TempDir Path temporaryDirectory) throws Exception {
        Path orphan = Files.createDirectory(temporaryDirectory.resolve("nexus-embedded-mariadb-2"));
        Files.createFile(orphan.resolve("owner.lock"));
        Process unrelated = startIdleProcess("unrelated");
        try {
            Files.writeString(orphan.resolve("mariadbd.pid"), unrelated.pid() + "\n");

            EmbeddedMariaDb.removeOrphans(temporaryDirectory);

            assertThat(unrelated.isAlive()).isTrue();
            assertThat(orphan).doesNotExist();
        } finally {
            unrelated.destroy();
            unrelated.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void testKeepsRecentUnlockedDirectory(@TempDir Path temporaryDirectory) throws IOException {
        // another JVM between creating its directory and locking it
        Path starting = Files.createDirectory(temporaryDirectory.resolve("nexus-embedded-mariadb-3"));

        EmbeddedMariaDb.removeOrphans(temporaryDirectory);

        assertThat(starting).exists();
        Files.setLastModifiedTime(starting, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        EmbeddedMariaDb.removeOrphans(temporaryDirectory);
        assertThat(starting).doesNotExist();
    }

    /** A shell blocked on reading its standard input, with {@code argument} on its command line. */
    private static Process startIdleProcess(String argument) throws IOException {
        return new ProcessBuilder("sh", "-c", "read line", argument).start();
    }
}

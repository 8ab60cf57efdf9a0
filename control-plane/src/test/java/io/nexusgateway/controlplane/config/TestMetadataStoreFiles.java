package io.nexusgateway.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

final class TestMetadataStoreFiles {
    @TempDir
    Path temp;

    @Test
    void testH2DirectoryAndFilesBecomeOwnerOnly() throws Exception {
        // set after creation: a creation attribute is cut by the umask (bin/nexus test runs with 077)
        Path directory = Files.createDirectories(temp.resolve("var/metadata"));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path database = Files.createFile(directory.resolve("nexus.mv.db"));
        Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rw-r--r--"));
        Path stranger = Files.createFile(directory.resolve("notes.txt"));
        Files.setPosixFilePermissions(stranger, PosixFilePermissions.fromString("rw-r--r--"));
        MetadataStoreFiles files = new MetadataStoreFiles(new MockEnvironment()
                .withProperty(
                        "spring.datasource.url", "jdbc:h2:file:" + directory.resolve("nexus") + ";AUTO_SERVER=FALSE"));

        files.postProcessBeforeInitialization(new JdbcDataSource(), "dataSource");

        assertThat(Files.getPosixFilePermissions(directory)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(database)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(stranger))
                .as("not the store's")
                .isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));

        // a store H2 has not created yet: its directory is made 0700 before H2 opens it
        Path fresh = temp.resolve("fresh/store");
        new MetadataStoreFiles(
                        new MockEnvironment().withProperty("spring.datasource.url", "jdbc:h2:" + fresh.resolve("db")))
                .postProcessBeforeInitialization(new JdbcDataSource(), "dataSource");
        assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void testOnlyEmbeddedH2FilesAreTouched() {
        assertThat(MetadataStoreFiles.h2File("jdbc:h2:file:./var/metadata/nexus;AUTO_SERVER=FALSE"))
                .hasValue(Path.of("./var/metadata/nexus").toAbsolutePath());
        assertThat(MetadataStoreFiles.h2File("jdbc:h2:~/nexus"))
                .hasValue(Path.of(System.getProperty("user.home"), "nexus"));
        assertThat(MetadataStoreFiles.h2File("jdbc:h2:mem:test")).isEmpty();
        assertThat(MetadataStoreFiles.h2File("jdbc:h2:tcp://db/nexus")).isEmpty();
        assertThat(MetadataStoreFiles.h2File("jdbc:postgresql://db/nexus")).isEmpty();
        assertThat(MetadataStoreFiles.h2File(null)).isEmpty();
    }
}

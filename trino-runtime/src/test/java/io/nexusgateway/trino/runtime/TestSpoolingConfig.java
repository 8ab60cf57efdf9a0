package io.nexusgateway.trino.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spooling settings Trino gets; the real protocol runs in every integration test (SharedTrino spools). */
final class TestSpoolingConfig {
    private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);

    @TempDir
    Path temp;

    @Test
    void testLocalS3ConfiguresProtocolAndSpoolingManager() {
        SpoolingConfig spooling =
                SpoolingConfig.localS3(URI.create("http://127.0.0.1:28082"), "nexus-spool", "access", "secret", SECRET);
        TrinoNodeConfig config = spooling.applyTo(TrinoNodeConfig.of(temp, 18081, "2G"));

        assertThat(config.extraConfig())
                .containsEntry("protocol.spooling.enabled", "true")
                .containsEntry("protocol.spooling.shared-secret-key", SECRET)
                .containsEntry("protocol.spooling.retrieval-mode", "COORDINATOR_PROXY");
        assertThat(config.etcFiles().get(SpoolingConfig.SPOOLING_MANAGER_FILE))
                .containsEntry("spooling-manager.name", "filesystem")
                .containsEntry("fs.s3.enabled", "true")
                .containsEntry("fs.location", "s3://nexus-spool/")
                .containsEntry("fs.segment.ttl", "3600s")
                .containsEntry("fs.segment.pruning.interval", "60s")
                // S3Proxy answers 501 to SSE-C puts
                .containsEntry("fs.segment.encryption", "false")
                .containsEntry("s3.endpoint", "http://127.0.0.1:28082")
                .containsEntry("s3.path-style-access", "true")
                .containsEntry("s3.aws-access-key", "access")
                .containsEntry("s3.aws-secret-key", "secret");
        assertThat(spooling.toString()).doesNotContain("secret", SECRET);
    }

    @Test
    void testFromPropertiesSelectsARealStore() {
        SpoolingConfig spooling = SpoolingConfig.fromProperties(Map.of(
                "location", "gs://results/trino/",
                "shared-secret-key", SECRET,
                "retrieval-mode", "STORAGE",
                "ttl", "30m",
                "segment-encryption", "true",
                "gcs.json-key-file-path", "/etc/trino/gcs.json",
                "unrelated", "x"));
        assertThat(spooling.retrievalMode()).isEqualTo(SpoolingConfig.RetrievalMode.STORAGE);
        assertThat(spooling.ttl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(spooling.spoolingManagerProperties())
                .containsEntry("fs.gcs.enabled", "true")
                .containsEntry("fs.location", "gs://results/trino/")
                .containsEntry("fs.segment.encryption", "true")
                .containsEntry("fs.segment.ttl", "1800s")
                .containsEntry("gcs.json-key-file-path", "/etc/trino/gcs.json")
                .doesNotContainKey("unrelated")
                .doesNotContainKey("fs.s3.enabled");
    }

    @Test
    void testRejectsWhatTrinoWouldRefuseAtStart() {
        assertThatThrownBy(() -> SpoolingConfig.fromProperties(
                        Map.of("location", "file:///tmp/spool/", "shared-secret-key", SECRET)))
                .hasMessageContaining("s3://");
        assertThatThrownBy(() ->
                        SpoolingConfig.fromProperties(Map.of("location", "s3://bucket", "shared-secret-key", SECRET)))
                .hasMessageContaining("end with '/'");
        assertThatThrownBy(() -> SpoolingConfig.fromProperties(
                        Map.of("location", "s3://bucket/", "shared-secret-key", "c2hvcnQ=")))
                .hasMessageContaining("256 bits");
        assertThatThrownBy(() -> SpoolingConfig.fromProperties(Map.of("location", "s3://bucket/")))
                .hasMessageContaining("shared-secret-key");
    }

    @Test
    void testNexusSpoolingPluginWrapsTrinosFilesystemManagerAndListensForQueryEnds() throws IOException {
        Path dist = Files.createDirectories(temp.resolve("dist/trino-server-476"));
        Files.createDirectories(dist.resolve("lib"));
        Files.createDirectories(dist.resolve("plugin/tpch"));
        Path trinosOwn = Files.createDirectories(dist.resolve("plugin/spooling-filesystem"));
        Files.writeString(trinosOwn.resolve("trino-spooling-filesystem-476.jar"), "jar");
        Path nexusPlugin = Files.createDirectories(temp.resolve("nexus-spooling-plugin"));
        Files.writeString(nexusPlugin.resolve("trino-spooling-plugin.jar"), "jar");
        Files.writeString(nexusPlugin.resolve("nexus-plugin.properties"), "wraps=spooling-filesystem\n");
        TrinoNodeConfig config = NexusTrinoPlugin.install(
                TrinoNodeConfig.of(temp.resolve("home"), 18081, "2G"),
                Files.createDirectories(temp.resolve("nexus-trino-plugin")),
                URI.create("http://127.0.0.1:8080"),
                temp.resolve("token"),
                temp.resolve("audit-spool"),
                "nexus-sync");
        config = SpoolingConfig.localS3(URI.create("http://127.0.0.1:1"), "nexus-spool", "a", "s", SECRET)
                .applyTo(config, java.util.Optional.of(nexusPlugin));

        TrinoHome home = TrinoHome.prepare(new TrinoDistribution(dist), config);

        Path installed = home.pluginDir().resolve("nexus-spooling-plugin");
        assertThat(installed.resolve("trino-spooling-plugin.jar")).isRegularFile();
        assertThat(Files.readSymbolicLink(installed.resolve("trino-spooling-filesystem-476.jar")))
                .isEqualTo(trinosOwn.resolve("trino-spooling-filesystem-476.jar"));
        assertThat(home.pluginDir().resolve("spooling-filesystem"))
                .as("Trino's own is loaded inside the wrapper only")
                .doesNotExist();
        assertThat(home.pluginDir().resolve("tpch")).exists();
        assertThat(Files.readString(home.etcDir().resolve(SpoolingConfig.SPOOLING_MANAGER_FILE)))
                .contains("spooling-manager.name=nexus-filesystem", "fs.location=s3://nexus-spool/");
        assertThat(home.serverProperties().get("event-listener.config-files"))
                .isEqualTo(home.etcDir().resolve(NexusTrinoPlugin.EVENT_LISTENER_FILE) + ","
                        + home.etcDir().resolve(SpoolingConfig.CLEANUP_LISTENER_FILE));
        assertThat(Files.readString(home.etcDir().resolve(SpoolingConfig.CLEANUP_LISTENER_FILE)))
                .contains("event-listener.name=nexus-spooling-cleanup");
    }

    @Test
    void testSecretsAreWrittenOwnerOnly() throws IOException {
        Path dist = Files.createDirectories(temp.resolve("dist/trino-server-476"));
        Files.createDirectories(dist.resolve("lib"));
        Files.createDirectories(dist.resolve("plugin/tpch"));
        TrinoNodeConfig config = SpoolingConfig.localS3(
                        URI.create("http://127.0.0.1:1"), "nexus-spool", "a", "s", SECRET)
                .applyTo(TrinoNodeConfig.of(temp.resolve("home"), 18081, "2G"));
        TrinoHome home = TrinoHome.prepare(new TrinoDistribution(dist), config);
        for (String file : new String[] {"config.properties", SpoolingConfig.SPOOLING_MANAGER_FILE}) {
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(home.etcDir().resolve(file))))
                    .isEqualTo("rw-------");
        }

        SpoolStore.Config store = new SpoolStore.Config(temp.resolve("store"), 28082, "nexus-spool", "a", "s");
        Path argFile = SpoolStore.prepare(store);
        assertThat(Files.readString(argFile)).doesNotContain("\"s\"").contains("--properties");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(store.home().resolve("s3proxy.properties"))))
                .isEqualTo("rw-------");
        assertThat(store.bucketDir()).isDirectory();
    }
}

package io.nexusgateway.trino.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config generator on a stand-in distribution (the real one runs in every integration test). */
final class TestTrinoHome {
    @TempDir
    Path temp;

    @Test
    void testLaysOutHomeAndArgfile() throws IOException {
        TrinoDistribution distribution = distribution("tpch", "postgresql");
        Path plugin = Files.createDirectories(temp.resolve("build/nexus-secrets-plugin"));
        Files.writeString(plugin.resolve("secrets.jar"), "jar");
        Path tokenFile = temp.resolve("token");
        Files.writeString(tokenFile, "t");

        TrinoNodeConfig config = TrinoNodeConfig.of(temp.resolve("home"), 18081, "2G")
                .withSecretsPlugin(NexusSecretsProvider.plugin(plugin, URI.create("http://127.0.0.1:8080"), tokenFile))
                .withExtraConfig(Map.of("query.max-memory", "1GB"));
        TrinoHome home = TrinoHome.prepare(distribution, config);

        String properties = Files.readString(home.etcDir().resolve("config.properties"));
        assertThat(properties)
                .contains("catalog.management=dynamic", "catalog.store=file", "http-server.http.port=18081")
                .contains(
                        "discovery.uri=http://127.0.0.1:18081",
                        "node.internal-address=127.0.0.1",
                        "node.bind-ip=127.0.0.1")
                .contains("query.min-expire-age=1m", "query.max-memory=1GB", "plugin.dir=" + home.pluginDir())
                .doesNotContain("node.data-dir", "catalog.config-dir");
        assertThat(Files.readString(home.etcDir().resolve("catalog-store.properties")))
                .contains("catalog.config-dir=" + home.catalogDir());
        // Trino runs in data/ and reads etc/ relative to it
        assertThat(Files.readSymbolicLink(home.dataDir().resolve("etc"))).isEqualTo(home.etcDir());
        assertThat(Files.readSymbolicLink(home.pluginDir().resolve("tpch")))
                .isEqualTo(distribution.pluginDir().resolve("tpch"));
        assertThat(home.secretsPluginDir().resolve("nexus/secrets.jar")).exists();

        Path secrets = home.etcDir().resolve("secrets.toml");
        assertThat(Files.readString(secrets))
                .contains(
                        "secrets-plugins-dir = \"" + home.secretsPluginDir() + "\"",
                        "[nexus]",
                        "secrets-provider.name = \"nexus\"")
                .contains(
                        "control-plane-uri = \"http://127.0.0.1:8080\"", "token-file = \"" + tokenFile + "\"", "[env]");
        assertThat(Files.getPosixFilePermissions(secrets)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        List<String> arguments = Files.readAllLines(home.argFile());
        assertThat(arguments).first().isEqualTo("\"-Xmx2G\"");
        assertThat(arguments).contains("\"-DsecretsConfig=" + secrets + "\"", "\"" + distribution.libDir() + "/*\"");
        assertThat(arguments).last().isEqualTo("\"" + TrinoHome.MAIN_CLASS + "\"");
    }

    @Test
    void testPreparingAgainKeepsNodeIdAndCatalogs() throws IOException {
        TrinoDistribution distribution = distribution("tpch");
        TrinoNodeConfig config = TrinoNodeConfig.of(temp.resolve("home"), 18082, "1G");
        TrinoHome first = TrinoHome.prepare(distribution, config);
        Files.writeString(first.catalogDir().resolve("sales.properties"), "connector.name=tpch\n");
        String nodeId = first.serverProperties().get("node.id");

        TrinoHome second = TrinoHome.prepare(distribution, config);
        assertThat(second.serverProperties().get("node.id")).isEqualTo(nodeId);
        assertThat(second.catalogDir().resolve("sales.properties")).exists();
        assertThat(Files.exists(second.secretsPluginDir().resolve("nexus"))).isFalse();
    }

    @Test
    void testRejectsBadSettings() {
        assertThatThrownBy(() -> TrinoNodeConfig.of(temp, 0, "2G")).hasMessageContaining("httpPort");
        assertThatThrownBy(() -> TrinoNodeConfig.of(temp, 8081, "lots")).hasMessageContaining("maxHeap");
        assertThatThrownBy(() -> TrinoRuntimeCli.run(List.of("prepare", "--home", "x")))
                .hasMessageContaining("--dist");
    }

    private TrinoDistribution distribution(String... plugins) throws IOException {
        Path server = temp.resolve("dist/trino-server-476");
        Files.createDirectories(server.resolve("lib"));
        for (String plugin : plugins) {
            Files.createDirectories(server.resolve("plugin").resolve(plugin));
        }
        return new TrinoDistribution(server);
    }
}

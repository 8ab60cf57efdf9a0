package io.nexusgateway.trino.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config generator on a stand-in distribution (the real one runs in every integration test). */
final class TestTrinoHome {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

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
    void testPropertiesAreEscapedAsTrinoReadsThem() throws IOException {
        SortedMap<String, String> tricky = new TreeMap<>();
        tricky.put("nexus.backslash", "C:\\dir\\file \\u0041");
        tricky.put("nexus.newline", "first\nnexus.injected=true\r\nsecond");
        tricky.put("nexus.separators", "a=b:c#d!e");
        tricky.put("nexus.comment", "#not a comment");
        tricky.put("nexus.unicode", "Zürich ✓ 😀 \u0000 \u00ff");
        tricky.put("nexus.blanks", "  leading, inner  tab\t");
        tricky.put("nexus key=with:separators#", "x");
        tricky.put("#nexus.hash-key", "y");
        TrinoHome home = TrinoHome.prepare(
                distribution("tpch"),
                TrinoNodeConfig.of(temp.resolve("home"), 18083, "1G").withExtraConfig(tricky));
        Path file = home.etcDir().resolve("config.properties");

        // exactly what airlift 336's ConfigurationLoader.loadPropertiesFrom does, before it trims values
        Properties loaded = new Properties();
        try (InputStream input = Files.newInputStream(file)) {
            loaded.load(input);
        }
        Map<String, String> read = new TreeMap<>();
        loaded.stringPropertyNames().forEach(name -> read.put(name, loaded.getProperty(name)));
        assertThat(read).isEqualTo(home.serverProperties()).doesNotContainKey("nexus.injected");
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertThat(text.chars()).as("ASCII only").allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f));
        assertThat(text).contains("discovery.uri=http://127.0.0.1:18083").contains("nexus.separators=a=b:c#d!e");

        // deterministic: one line per property, sorted by key, the same bytes every time
        List<String> keys = new java.util.ArrayList<>();
        for (String line : text.lines().skip(1).toList()) {
            Properties single = new Properties();
            single.load(new java.io.StringReader(line));
            keys.addAll(single.stringPropertyNames());
        }
        assertThat(keys).containsExactlyElementsOf(home.serverProperties().keySet());
        TrinoHome.prepare(distribution("tpch"), home.config());
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).isEqualTo(text);
    }

    @Test
    void testSecretsAreOwnerOnlyAndSpoolCredentialsNoTrinoProperties() throws IOException {
        Path plugin = Files.createDirectories(temp.resolve("build/nexus-secrets-plugin"));
        Files.writeString(plugin.resolve("secrets.jar"), "jar");
        String accessKey = "access-" + UUID.randomUUID();
        String secretKey = "secret-" + UUID.randomUUID();
        String sharedSecret = Base64.getEncoder().encodeToString(new byte[32]);
        TrinoNodeConfig config = SpoolingConfig.localS3(
                        URI.create("http://127.0.0.1:18090"), "nexus-spool", accessKey, secretKey, sharedSecret)
                .applyTo(TrinoNodeConfig.of(temp.resolve("var/trino"), 18084, "1G")
                        .withSecretsPlugin(NexusSecretsProvider.plugin(
                                plugin, URI.create("http://127.0.0.1:8080"), temp.resolve("token"))));
        TrinoHome home = TrinoHome.prepare(distribution("tpch"), config);

        for (Path directory : List.of(
                home.home(),
                home.etcDir(),
                home.catalogDir(),
                home.dataDir(),
                home.logFile().getParent())) {
            assertThat(Files.getPosixFilePermissions(directory))
                    .as(directory.toString())
                    .isEqualTo(DIRECTORY);
        }
        try (Stream<Path> files = Files.list(home.etcDir())) {
            assertThat(files.toList()).isNotEmpty().allSatisfy(file -> assertThat(Files.getPosixFilePermissions(file))
                    .as(file.toString())
                    .isEqualTo(FILE));
        }
        assertThat(Files.getPosixFilePermissions(home.argFile())).isEqualTo(FILE);

        // Trino's config dump prints s3.aws-access-key: the keys go to an AWS profile file, never into a property
        Path manager = home.etcDir().resolve(SpoolingConfig.SPOOLING_MANAGER_FILE);
        assertThat(Files.readString(manager))
                .contains("fs.location=s3://nexus-spool/", "s3.endpoint=http://127.0.0.1:18090")
                .doesNotContain("aws-access-key", "aws-secret-key", accessKey, secretKey);
        try (Stream<Path> files = Files.walk(home.home())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals(TrinoHome.SPOOLING_CREDENTIALS_FILE)) {
                    assertThat(Files.readString(file)).as(file.toString()).doesNotContain(accessKey, secretKey);
                }
            }
        }
        Path credentials = home.etcDir().resolve(TrinoHome.SPOOLING_CREDENTIALS_FILE);
        assertThat(Files.readString(credentials))
                .isEqualTo("[nexus-spooling]\naws_access_key_id = " + accessKey + "\naws_secret_access_key = "
                        + secretKey + "\n");
        assertThat(Files.readAllLines(home.argFile()))
                .contains(
                        "\"-Daws.sharedCredentialsFile=" + credentials + "\"",
                        "\"-Daws.profile=nexus-spooling\"",
                        "\"-Daws.configFile=" + home.etcDir().resolve("spooling-aws-config") + "\"");

        // without spooling, no credentials file is left behind
        TrinoHome direct =
                TrinoHome.prepare(distribution("tpch"), TrinoNodeConfig.of(temp.resolve("var/trino"), 18084, "1G"));
        assertThat(credentials).doesNotExist();
        assertThat(direct.launchArguments()).noneMatch(argument -> argument.contains("aws."));
    }

    @Test
    void testSpoolStoreFilesAreOwnerOnly() throws IOException {
        SpoolStore.Config config =
                new SpoolStore.Config(temp.resolve("var/spool-store"), 18091, "nexus-spool", "access", "secret");
        try {
            SpoolStore.prepare(config);
        } catch (IllegalStateException e) {
            // the S3Proxy jar is recorded at build time; the layout is written before it is looked up
        }
        for (Path directory : List.of(
                config.home(),
                config.dataDir(),
                config.bucketDir(),
                config.logFile().getParent())) {
            assertThat(Files.getPosixFilePermissions(directory))
                    .as(directory.toString())
                    .isEqualTo(DIRECTORY);
        }
        assertThat(Files.getPosixFilePermissions(config.home().resolve("s3proxy.properties")))
                .isEqualTo(FILE);
        assertThat(Files.getPosixFilePermissions(config.logFile())).isEqualTo(FILE);
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

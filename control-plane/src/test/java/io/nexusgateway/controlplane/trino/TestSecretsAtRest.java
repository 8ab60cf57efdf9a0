package io.nexusgateway.controlplane.trino;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.DatasourceConfigs;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.testing.Await;
import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import io.nexusgateway.trino.runtime.SpoolingConfig;
import io.nexusgateway.trino.runtime.TrinoHome;
import io.nexusgateway.trino.runtime.TrinoNodeConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12, items 2 and 7, against the real shared Trino: its log and files show no secret, what holds secrets or
 * personal data is 0600 in 0700 directories, and a catalog file holds no secret reference but its own password's.
 */
final class TestSecretsAtRest extends NexusIntegrationTest {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    @Test
    void testTrinoLogsAndFilesShowNoSecret() throws Exception {
        // a catalog with a password, so that one was resolved through the secrets provider since Trino started
        try (TestDatabase database = TestDatabases.mariadb().createDatabase("atrest")) {
            String id = register(database, database.password(), unique("atrest"));
            TrinoHome home = trino().home();
            Map<String, String> secrets = secrets(home);
            secrets.put("datasource password", database.password());
            assertThat(secrets.values()).allSatisfy(secret -> assertThat(secret).hasSizeGreaterThan(8));

            List<Path> files = new ArrayList<>();
            files.addAll(regularFiles(home.logFile().getParent()));
            files.addAll(regularFiles(home.dataDir()));
            files.addAll(regularFiles(home.catalogDir()));
            files.addAll(regularFiles(trino().auditSpoolDir()));
            Path spoolStore = trino().spoolBucketDir().getParent().getParent();
            files.addAll(regularFiles(spoolStore.resolve("log")));
            assertThat(files).as("Trino's log was written").contains(home.logFile());
            assertThat(Files.readString(home.logFile())).contains("SERVER STARTED", "s3.endpoint");
            for (Path file : files) {
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.ISO_8859_1);
                } catch (java.nio.file.NoSuchFileException delivered) {
                    continue; // an audit record delivered (and deleted) since the listing
                }
                secrets.forEach((what, secret) ->
                        assertThat(text).as(what + " in " + file).doesNotContain(secret));
            }
            // the spool store's keys are in no Trino property: only in the AWS profile file Trino's S3 client reads
            for (Path file : regularFiles(home.etcDir())) {
                if (!file.getFileName().toString().equals(TrinoHome.SPOOLING_CREDENTIALS_FILE)) {
                    String text = Files.readString(file);
                    assertThat(text).as(file.toString()).doesNotContain(secrets.get("spool access key"));
                    assertThat(text).as(file.toString()).doesNotContain(secrets.get("spool secret key"));
                }
            }

            // 0600 files in 0700 directories: Trino's home, the catalogs Trino wrote, its logs, the audit spool,
            // the spool store (its credentials, the spooled results), the TLS keystore, the H2 metadata store
            Path tls = home.config().security().orElseThrow().tls().keystore().getParent();
            for (Path root : List.of(
                    home.home(),
                    home.etcDir(),
                    home.catalogDir(),
                    home.dataDir(),
                    home.logFile().getParent(),
                    trino().auditSpoolDir(),
                    spoolStore,
                    tls)) {
                assertPrivate(root);
            }
            assertThat(regularFiles(home.catalogDir()))
                    .as("Trino wrote the catalog")
                    .isNotEmpty();
            // H2 may add a trace file later, with the JVM's umask: the directory keeps it private
            assertThat(Files.getPosixFilePermissions(runDirectory())).isEqualTo(DIRECTORY);
            assertThat(Files.getPosixFilePermissions(runDirectory().resolve("metadata.mv.db")))
                    .isEqualTo(FILE);
            assertThat(api().delete("/api/v1/datasources/" + id).status()).isEqualTo(204);
        }
    }

    @Test
    void testCatalogFilesHoldOnlyTheirOwnPasswordReference() throws Exception {
        // a password with '${' but no ${name:key} is just a password: Trino gets it literally through the provider.
        // (${ENV:HOME} itself reached MariaDB as Trino's home directory: the connector interpolates ${ENV:...} once
        // more in the resolved value, hence such passwords are refused below)
        String password = "${Tr0ub4dor:3";
        try (TestDatabase database = TestDatabases.mariadb().createDatabase("refpw", password)) {
            String name = unique("refpw");
            String id = register(database, password, name);
            String catalog =
                    api().get("/api/v1/datasources/" + id).json().get("catalog").asString();
            try (Connection connection = trinoConnection();
                    Statement statement = connection.createStatement();
                    ResultSet schemas = statement.executeQuery("SHOW SCHEMAS FROM " + catalog)) {
                List<String> names = new ArrayList<>();
                while (schemas.next()) {
                    names.add(schemas.getString(1));
                }
                assertThat(names).contains(database.databaseName());
            }

            // hostile settings never reach Trino, nor a password Trino's connector would interpolate
            for (Map.Entry<String, Object> hostile : Map.<String, Object>of(
                            "username",
                            "${nexus:datasource." + id + ".password}",
                            "database",
                            "${ENV:HOME}",
                            "password",
                            "${ENV:HOME}",
                            "properties",
                            Map.of("case-insensitive-name-matching", "${FILE:/etc/passwd}"))
                    .entrySet()) {
                Map<String, Object> config = DatasourceConfigs.of(database, "x");
                config.put(hostile.getKey(), hostile.getValue());
                Response refused = api().post(
                                "/api/v1/datasources",
                                Map.of("name", unique("hostile"), "type", "mariadb", "config", config));
                assertThat(refused.status()).as(refused.body()).isEqualTo(400);
                assertThat(refused.json().get("code").asString()).isEqualTo("SECRET_REFERENCE_NOT_ALLOWED");
            }

            Map<String, String> owners = new HashMap<>();
            for (JsonNode item :
                    api().get("/api/v1/datasources?size=500").json().get("items")) {
                owners.put(item.get("catalog").asString(), item.get("id").asString());
            }
            List<Path> catalogFiles = regularFiles(trino().home().catalogDir());
            assertThat(catalogFiles)
                    .anyMatch(file -> file.getFileName().toString().equals(catalog + ".properties"));
            for (Path file : catalogFiles) {
                Properties properties = new Properties();
                try (InputStream input = Files.newInputStream(file)) {
                    properties.load(input);
                }
                String catalogName = file.getFileName().toString().replaceFirst("\\.properties$", "");
                for (String key : properties.stringPropertyNames()) {
                    String value = properties.getProperty(key);
                    if (value.contains("${")) {
                        assertThat(key)
                                .as(file + ": only the password is a reference")
                                .isEqualTo("connection-password");
                        assertThat(value)
                                .as(file + ": its own datasource's password")
                                .isEqualTo("${nexus:datasource." + owners.get(catalogName) + ".password}");
                    }
                }
            }
            assertThat(api().delete("/api/v1/datasources/" + id).status()).isEqualTo(204);
        }
    }

    private static Map<String, String> secrets(TrinoHome home) {
        TrinoNodeConfig config = home.config();
        TrinoNodeConfig.Security security = config.security().orElseThrow();
        Map<String, String> manager = config.etcFiles().get(SpoolingConfig.SPOOLING_MANAGER_FILE);
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("spool access key", manager.get("s3.aws-access-key"));
        secrets.put("spool secret key", manager.get("s3.aws-secret-key"));
        secrets.put("spooling shared secret", config.extraConfig().get("protocol.spooling.shared-secret-key"));
        secrets.put("internal shared secret", security.sharedSecret());
        secrets.put("keystore password", security.tls().password());
        secrets.put("internal token", trino().internalToken());
        return secrets;
    }

    private String register(TestDatabase database, String password, String name) throws Exception {
        Response created = api().post(
                        "/api/v1/datasources",
                        Map.of("name", name, "type", "mariadb", "config", DatasourceConfigs.of(database, password)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        // the API answers after nexus.sync.request-timeout at the latest: on a loaded machine the catalog comes later
        Await.until(
                "catalog of " + name + " synced", Duration.ofMinutes(2), () -> api().get("/api/v1/datasources/" + id)
                        .json()
                        .get("sync")
                        .get("state")
                        .asString()
                        .equals("SYNCED"));
        return id;
    }

    private static void assertPrivate(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                // Trino's TLS certificate is public: clients are given it to trust
                if (Files.isSymbolicLink(path)
                        || isCopiedPlugin(root, path)
                        || path.getFileName().toString().endsWith(".pem")) {
                    continue;
                }
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                assertThat(mode).as(path.toString()).isEqualTo(Files.isDirectory(path) ? DIRECTORY : FILE);
            }
        }
    }

    // plugin jars copied into the home hold no secret (the distribution's plugins are symbolic links)
    private static boolean isCopiedPlugin(Path root, Path path) {
        Path relative = root.relativize(path);
        return relative.getNameCount() > 0
                && (relative.getName(0).toString().equals("plugin")
                        || relative.getName(0).toString().equals("secrets-plugin"));
    }

    private static List<Path> regularFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                    .sorted()
                    .toList();
        }
    }
}

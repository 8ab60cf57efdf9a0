package io.nexusgateway.engines.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestEngineRuntimeCli {
    @Test
    void testPreparesAFlinkSqlGatewayForBinNexus(@TempDir Path home) throws Exception {
        // the extension's jar is only named here, never loaded
        Path extensionJar = Files.writeString(home.resolve("flink-gateway-extension.jar"), "");
        Path argFile = Path.of(EngineRuntimeCli.run(new String[] {
                    "prepare",
                    "flink-sql-gateway",
                    "--home",
                    home.resolve("flink").toString(),
                    "--cache",
                    cacheDir().toString(),
                    "--port",
                    "40001",
                    "--cluster-port",
                    "40002",
                    "--extension-jar",
                    extensionJar.toString()
                })
                .getFirst());

        String args = Files.readString(argFile, UTF_8);
        assertThat(args)
                .contains("-Dnexus.flink.conf-dir=" + home.resolve("flink/conf"))
                .contains("-Xmx1g")
                .contains("\"" + extensionJar + ":")
                .contains("flink-sql-gateway-2.0.0.jar")
                .contains("flink-connector-jdbc-postgres-4.0.0-2.0.jar")
                .endsWith("io.nexusgateway.flink.gateway.GatewayWithCluster\n");
        assertThat(Files.readString(home.resolve("flink/conf/config.yaml"), UTF_8))
                .contains("sql-gateway.endpoint.rest.bind-port: '40001'")
                .contains("rest.bind-port: '40002'")
                .contains("execution.target: 'remote'")
                .contains("taskmanager.numberOfTaskSlots: '4'");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("flink"))))
                .isEqualTo("rwx------");
    }

    @Test
    void testRefusesAFlinkSqlGatewayWithoutItsClusterPort(@TempDir Path home) throws Exception {
        Path extensionJar = Files.writeString(home.resolve("flink-gateway-extension.jar"), "");
        assertThatThrownBy(() -> EngineRuntimeCli.run(new String[] {
                    "prepare", "flink-sql-gateway",
                    "--home", home.toString(),
                    "--cache", cacheDir().toString(),
                    "--port", "1",
                    "--extension-jar", extensionJar.toString()
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--cluster-port is missing");
    }

    // the engines' classpaths, resolved once per machine: what the other modules' tests use
    private static Path cacheDir() {
        String configured = System.getProperty("nexus.engines.cache-dir");
        return configured == null || configured.isBlank()
                ? Path.of("..", "var", "engines").toAbsolutePath().normalize()
                : Path.of(configured);
    }
}

package io.nexusgateway.trino.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trino takes the principal from the claim, and maps it to the user with the pattern, that
 * {@code contracts/token-principal.json} names (the control plane's and the plugin's tests read the same file).
 */
final class TestTokenPrincipalContract {
    @TempDir
    Path temp;

    @Test
    void testTrinoReadsThePrincipalOfTheContract() throws IOException {
        String contract = Files.readString(Path.of("../contracts/token-principal.json"));
        Path tls = Files.createDirectories(temp.resolve("tls"));
        TrinoNodeConfig config = TrinoNodeConfig.of(temp.resolve("home"), 18081, "2G")
                .withSecurity(new TrinoNodeConfig.Security(
                        18443,
                        new TrinoTls(tls.resolve("trino.p12"), "password", tls.resolve("trino.pem")),
                        URI.create("http://127.0.0.1:8080/.well-known/jwks.json"),
                        "nexus-gateway",
                        "nexus-trino",
                        "s".repeat(32)));
        TrinoHome home = TrinoHome.prepare(distribution(), config);
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(home.etcDir().resolve("config.properties"))));

        String principalField = properties.getProperty("http-server.authentication.jwt.principal-field");
        String pattern = properties.getProperty("http-server.authentication.jwt.user-mapping.pattern");
        assertThat(contract)
                .contains("\"principalClaim\": \"" + principalField + "\"")
                .contains("\"userMappingPattern\": \"" + pattern + "\"");
        // the example with a key maps to its user, as Trino's user mapping does it
        Matcher matcher = Pattern.compile(pattern).matcher("etl.robot-1/key/0b6f4c1e-0a54-4d8e-9a43-5e1f2d3c4b5a");
        assertThat(matcher.matches()).isTrue();
        assertThat(matcher.group(1)).isEqualTo("etl.robot-1");
        assertThat(contract).contains("\"principal\": \"etl.robot-1/key/0b6f4c1e-0a54-4d8e-9a43-5e1f2d3c4b5a\"");
    }

    private TrinoDistribution distribution() throws IOException {
        Path root = Files.createDirectories(temp.resolve("trino-server-476"));
        Files.createDirectories(root.resolve("lib"));
        Files.createDirectories(root.resolve("plugin/tpch"));
        return new TrinoDistribution(root);
    }
}

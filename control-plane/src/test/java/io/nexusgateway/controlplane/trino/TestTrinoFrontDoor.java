package io.nexusgateway.controlplane.trino;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.nexusgateway.controlplane.support.ApiClient;
import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.Identities;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.testing.JwtKeyFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Trino takes nothing but gateway-issued tokens over HTTPS; the same tokens, and the same refusals, hold for the REST
 * API. Each refused credential is tried against both.
 */
final class TestTrinoFrontDoor extends NexusIntegrationTest {
    @Test
    void testPlainHttpGetsNowhere() throws Exception {
        // the HTTP port carries Trino's internal traffic only: a client claiming to be admin is refused
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(trino().httpUri().resolve("/v1/statement"))
                            .header("X-Trino-User", "admin")
                            .POST(HttpRequest.BodyPublishers.ofString("SELECT 1"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains("Authentication over HTTP is not enabled");
        }
        Properties plain = new Properties();
        plain.setProperty("user", "admin");
        assertThatThrownBy(() -> query(
                        DriverManager.getConnection(
                                "jdbc:trino://127.0.0.1:" + trino().httpUri().getPort(), plain),
                        "SELECT 1"))
                .isInstanceOf(SQLException.class);
        // HTTPS without a token
        assertThatThrownBy(() -> query(DriverManager.getConnection(trino().jdbcUrl(), plain), "SELECT 1"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Authentication failed");
    }

    @Test
    void testAGatewayTokenMakesYouThatUserInTrino() throws Exception {
        String token = Identities.token(api(), ADMIN_KEY);
        try (Connection connection = Identities.trinoAs("admin", token)) {
            assertThat(query(connection, "SELECT current_user")).containsExactly("admin");
        }
        // and the REST API takes the same token
        assertThat(api().withKey(token).get("/api/v1/datasources").status()).isEqualTo(200);
    }

    @Test
    void testRefusedTokensAreRefusedByTrinoAndTheApi() {
        RSAKey signingKey = trino().jwtKeys().signingKey();
        List<String> audiences = List.of(JwtKeyFile.TRINO_AUDIENCE, JwtKeyFile.API_AUDIENCE);
        assertRefusedEverywhere(
                "expired", JwtKeyFile.token(signingKey, "admin", JwtKeyFile.ISSUER, audiences, Duration.ofMinutes(-5)));
        assertRefusedEverywhere(
                "wrong audience",
                JwtKeyFile.token(
                        signingKey, "admin", JwtKeyFile.ISSUER, List.of("someone-else"), Duration.ofMinutes(5)));
        assertRefusedEverywhere(
                "wrong issuer",
                JwtKeyFile.token(signingKey, "admin", "https://evil.example", audiences, Duration.ofMinutes(5)));
        assertRefusedEverywhere(
                "unknown key",
                JwtKeyFile.token(
                        JwtKeyFile.unknownKey(), "admin", JwtKeyFile.ISSUER, audiences, Duration.ofMinutes(5)));
        String forged = trino().accessToken("admin");
        assertRefusedEverywhere("forged signature", forged.substring(0, forged.lastIndexOf('.') + 1) + "AAAA");
    }

    @Test
    void testNobodyActsAsSomeoneElse() throws Exception {
        Identities.ensureUser(api(), "it-mallory", "user");
        String token = trino().accessToken("it-mallory");
        // --user admin with one's own token
        assertThatThrownBy(() -> query(Identities.trinoAs("admin", token), "SELECT 1"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Principal it-mallory cannot become user admin");
        // impersonation (JDBC sessionUser, CLI --session-user)
        Properties properties = new Properties();
        properties.setProperty("user", "it-mallory");
        properties.setProperty("sessionUser", "admin");
        properties.setProperty("accessToken", token);
        assertThatThrownBy(() -> query(DriverManager.getConnection(trino().jdbcUrl(), properties), "SELECT 1"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Access Denied");
    }

    @Test
    void testARevokedApiKeyGetsNoMoreTrinoTokens() throws Exception {
        Identities.ensureUser(api(), "it-revoked", "user");
        Response created = api().post("/api/v1/api-keys", java.util.Map.of("name", "cli", "user", "it-revoked"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.json().get("key").asString();
        String token = Identities.token(api(), key);
        try (Connection connection = Identities.trinoAs("it-revoked", token)) {
            assertThat(query(connection, "SELECT current_user")).containsExactly("it-revoked");
        }
        assertThat(api().delete("/api/v1/api-keys/" + created.json().get("id").asString())
                        .status())
                .isIn(200, 204);
        // the key buys no new token, so no new Trino session: tokens are short-lived, and disabling the user is the
        // immediate cut-off (TestGrantsEverywhere)
        Response refused = api().withKey(key).post("/api/v1/auth/token", null);
        assertThat(refused.status()).as(refused.body()).isEqualTo(401);
        assertThat(api().withKey(key).get("/api/v1/datasources").status()).isEqualTo(401);
    }

    @Test
    void testRotationKeepsEarlierTokensValid() throws Exception {
        String before = Identities.token(api(), ADMIN_KEY);
        Response rotated = api().post("/api/v1/auth/keys/rotate", null);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String after = Identities.token(api(), ADMIN_KEY);
        String keyBefore = SignedJWT.parse(before).getHeader().getKeyID();
        String keyAfter = SignedJWT.parse(after).getHeader().getKeyID();
        assertThat(keyAfter).isNotEqualTo(keyBefore);
        // the new signing key was published before it signed, so Trino (which read the JWKS at its start) knows it,
        // and the retired key stays published until its tokens expire
        for (String token : List.of(before, after)) {
            try (Connection connection = Identities.trinoAs("admin", token)) {
                assertThat(query(connection, "SELECT current_user")).containsExactly("admin");
            }
            assertThat(api().withKey(token).get("/api/v1/datasources").status()).isEqualTo(200);
        }
        // the control plane publishes exactly what Trino needs: both keys
        try (HttpClient client = HttpClient.newHttpClient()) {
            String jwks = client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + trino().controlPlanePort()
                                            + "/.well-known/jwks.json"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(jwks).contains(keyBefore, keyAfter).doesNotContain("\"d\"");
        }
    }

    private static void assertRefusedEverywhere(String what, String token) {
        assertThatThrownBy(() -> query(Identities.trinoAs("admin", token), "SELECT 1"))
                .as(what + " in Trino")
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("Authentication failed");
        ApiClient.Response response = api().withKey(token).get("/api/v1/datasources");
        assertThat(response.status())
                .as(what + " in the API: " + response.body())
                .isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private static List<String> query(Connection connection, String sql) throws SQLException {
        try (connection;
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new java.util.ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}

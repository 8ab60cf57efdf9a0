package io.nexusgateway.controlplane.trino;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.Identities;
import io.nexusgateway.controlplane.support.NexusIntegrationTest;
import io.nexusgateway.testing.Await;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Revoking an API key revokes the tokens exchanged for it: the API refuses them at once, Trino within its policy
 * refresh (2 s), however long the tokens were issued for; a token of the same user's other key goes on working.
 */
final class TestRevokedApiKeyTokens extends NexusIntegrationTest {
    private static final String USER = "it-keyholder";
    // the policy refresh (2 s) plus a fetch, with room for a loaded machine
    private static final Duration POLICY_DEADLINE = Duration.ofSeconds(20);

    @Test
    void testARevokedKeysTokensAreRefusedByTheApiAtOnceAndByTrinoWithinTheRefresh() throws Exception {
        Identities.ensureUser(api(), USER, "user");
        Response revokedKey = createKey();
        Response liveKey = createKey();
        String revokedToken =
                Identities.token(api(), revokedKey.json().get("key").asString());
        String liveToken = Identities.token(api(), liveKey.json().get("key").asString());
        // new keys reach Trino with the next policy
        awaitTrino("Trino runs the first key's token", revokedToken, true);
        awaitTrino("Trino runs the second key's token", liveToken, true);
        // Trino's user is the user; its principal names the key (the audit trail shows it)
        try (Connection connection = Identities.trinoAs(USER, liveToken)) {
            assertThat(run(connection, "SELECT current_user")).isEqualTo(USER);
        }
        String principal = USER + "/key/" + liveKey.json().get("id").asString();
        try {
            Await.until("the audit trail shows the key's principal", Duration.ofSeconds(60), () -> auditedPrincipals()
                    .contains(principal));
        } catch (AssertionError e) {
            assertThat(auditedPrincipals()).as("principals in the audit trail").contains(principal);
            throw e;
        }

        Response revoked =
                api().delete("/api/v1/api-keys/" + revokedKey.json().get("id").asString());
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);

        // the API: at once
        Response refused = api().withKey(revokedToken).get("/api/v1/auth/me");
        assertProblem(refused, 401, "UNAUTHENTICATED");
        assertThat(refused.json().get("detail").asString()).contains("the API key of this token was revoked");
        // Trino: within the policy refresh, with the reason
        awaitTrino("Trino refuses the revoked key's token", revokedToken, false);
        try (Connection connection = Identities.trinoAs(USER, revokedToken)) {
            assertThatThrownBy(() -> run(connection, "SELECT 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("the API key this token was exchanged for is revoked or expired");
        }

        // the other key's token goes on, in the API and in Trino
        assertThat(api().withKey(liveToken).get("/api/v1/auth/me").status()).isEqualTo(200);
        try (Connection connection = Identities.trinoAs(USER, liveToken)) {
            assertThat(run(connection, "SELECT current_user")).isEqualTo(USER);
        }
        // and so does a token that rests on no key (the control plane's own token of the user)
        try (Connection connection = Identities.trinoAs(USER, trino().accessToken(USER))) {
            assertThat(run(connection, "SELECT current_user")).isEqualTo(USER);
        }
    }

    private static List<String> auditedPrincipals() {
        return api().get("/api/v1/audit?user=" + USER + "&size=100")
                .json()
                .get("items")
                .valueStream()
                .map(item -> item.get("principal").asString(""))
                .distinct()
                .toList();
    }

    private static Response createKey() {
        Response created = api().post("/api/v1/api-keys", Map.of("name", "cli-" + UUID.randomUUID(), "user", USER));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created;
    }

    private static void awaitTrino(String what, String token, boolean runs) throws Exception {
        Await.until(what, POLICY_DEADLINE, () -> {
            try (Connection connection = Identities.trinoAs(USER, token)) {
                run(connection, "SELECT 1");
                return runs;
            } catch (SQLException e) {
                return !runs;
            }
        });
    }

    private static String run(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : "";
        }
    }
}

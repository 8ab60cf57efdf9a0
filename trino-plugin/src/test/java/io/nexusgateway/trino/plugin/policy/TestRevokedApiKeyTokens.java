package io.nexusgateway.trino.plugin.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nexusgateway.trino.plugin.DenialLedger;
import io.nexusgateway.trino.plugin.QueryTexts;
import io.trino.spi.QueryId;
import io.trino.spi.security.AccessDeniedException;
import io.trino.spi.security.BasicPrincipal;
import io.trino.spi.security.Identity;
import java.io.IOException;
import java.nio.file.Path;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A token exchanged for an API key names the key in its principal ({@code contracts/token-principal.json}, which the
 * control plane's tests read too); once the policy lists the key among its user's revoked keys, the token runs nothing,
 * while the user's other tokens go on.
 */
final class TestRevokedApiKeyTokens {
    private static final String LIVE_KEY = "11111111-1111-1111-1111-111111111111";
    private static final String REVOKED_KEY = "22222222-2222-2222-2222-222222222222";

    private final AtomicReference<Optional<Policy>> policy = new AtomicReference<>(Optional.of(policy(REVOKED_KEY)));
    private final NexusAccessControl accessControl =
            new NexusAccessControl(policy::get, "nexus-sync", new DenialLedger(), new QueryTexts(), () -> {});

    @Test
    void testPrincipalsOfTheContract() throws IOException {
        JsonNode contract = new ObjectMapper()
                .readTree(Path.of("../contracts/token-principal.json").toFile());
        Pattern userMapping = Pattern.compile(contract.get("userMappingPattern").asText());
        assertThat(contract.get("principals")).isNotEmpty();
        for (JsonNode example : contract.get("principals")) {
            String principal = example.get("principal").asText();
            TokenPrincipal parsed = TokenPrincipal.parse(principal);
            assertThat(parsed.user())
                    .as(principal)
                    .isEqualTo(example.get("user").asText());
            assertThat(parsed.apiKeyId())
                    .as(principal)
                    .isEqualTo(
                            example.get("apiKeyId").isNull()
                                    ? Optional.empty()
                                    : Optional.of(example.get("apiKeyId").asText()));
            // Trino's user mapping: the whole principal matches, the user is the first group
            Matcher matcher = userMapping.matcher(principal);
            assertThat(matcher.matches()).as(principal).isTrue();
            assertThat(matcher.group(1)).isEqualTo(parsed.user());
        }
    }

    @Test
    void testATokenOfARevokedKeyRunsNothing() {
        accessControl.checkCanExecuteQuery(identity("alice/key/" + LIVE_KEY), queryId());
        accessControl.checkCanExecuteQuery(identity("alice"), queryId());
        assertThatThrownBy(() -> accessControl.checkCanExecuteQuery(identity("alice/key/" + REVOKED_KEY), queryId()))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("the API key this token was exchanged for is revoked or expired");

        // the other key is revoked too: the next policy lists it
        policy.set(Optional.of(policy(LIVE_KEY, REVOKED_KEY)));
        assertThatThrownBy(() -> accessControl.checkCanExecuteQuery(identity("alice/key/" + LIVE_KEY), queryId()))
                .isInstanceOf(AccessDeniedException.class);
        // a token that rests on no key goes on
        accessControl.checkCanExecuteQuery(identity("alice"), queryId());
    }

    @Test
    void testAKeyPrincipalIsItsUser() {
        accessControl.checkCanSetUser(principal("alice/key/" + LIVE_KEY), "alice");
        assertThatThrownBy(() -> accessControl.checkCanSetUser(principal("alice/key/" + LIVE_KEY), "root"))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("Principal alice cannot become user root");
    }

    private static Policy policy(String... revokedApiKeys) {
        return new Policy(
                List.of(),
                List.of(new Policy.UserPolicy(
                        "alice", true, List.of("user"), List.of(), null, List.of(revokedApiKeys))));
    }

    private static Identity identity(String principal) {
        return Identity.forUser(TokenPrincipal.parse(principal).user())
                .withPrincipal(new BasicPrincipal(principal))
                .build();
    }

    private static Optional<Principal> principal(String name) {
        return Optional.of(new BasicPrincipal(name));
    }

    private static QueryId queryId() {
        return QueryId.valueOf("20260101_000000_00000_abcde");
    }
}

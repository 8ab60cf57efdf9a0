package io.nexusgateway.trino.plugin.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shape {@code GET /internal/v1/policy} answers. {@code policy-document.golden.json} is the one contract: the
 * control plane's {@code TestPolicyDocument} serializes the same document and compares it with this file.
 */
final class TestPolicyJson {
    @Test
    void testParsesTheGoldenDocument() throws IOException {
        String golden;
        try (var in = TestPolicyJson.class.getResourceAsStream("policy-document.golden.json")) {
            golden = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Policy policy = PolicyCache.parse(golden);
        Policy.CatalogPolicy crm = policy.catalog("pg_crm").orElseThrow();
        assertThat(crm)
                .isEqualTo(new Policy.CatalogPolicy(
                        "pg_crm", "pg crm", "postgresql", false, true, List.of("alice"), List.of("analysts")));
        assertThat(policy.catalog("sales").orElseThrow())
                .isEqualTo(new Policy.CatalogPolicy("sales", "Sales", "mariadb", true, false, List.of(), List.of()));
        assertThat(policy.user("alice").orElseThrow())
                .isEqualTo(new Policy.UserPolicy(
                        "alice",
                        true,
                        List.of("user"),
                        List.of("analysts"),
                        new Policy.QueryLimits(2, 5),
                        List.of("0b6f4c1e-0a54-4d8e-9a43-5e1f2d3c4b5a")));
    }

    @Test
    void testParsesGrantsUsersAndLimits() throws IOException {
        Policy policy = PolicyCache.parse("""
                {"catalogs": [{"catalog": "sales", "datasource": "Sales", "writable": false,
                               "users": ["alice"], "groups": ["analysts"], "futureField": 1}],
                 "users": [{"username": "alice", "enabled": true, "roles": ["user"], "groups": ["analysts"],
                            "limits": {"running": 2, "queued": 5}, "revokedApiKeys": ["0b6f4c1e-0a54-4d8e-9a43-5e1f2d3c4b5a"]},
                           {"username": "bob", "enabled": false, "roles": ["admin"], "groups": []}]}
                """);
        Policy.CatalogPolicy sales = policy.catalog("sales").orElseThrow();
        // an older control plane sends neither: no dialect and no pass-through
        assertThat(sales.type()).isEmpty();
        assertThat(sales.passThrough()).isFalse();
        assertThat(sales.users()).containsExactly("alice");
        assertThat(sales.groups()).containsExactly("analysts");
        Policy.UserPolicy alice = policy.user("alice").orElseThrow();
        assertThat(alice.limits()).isEqualTo(new Policy.QueryLimits(2, 5));
        assertThat(alice.revokedApiKeys()).containsExactly("0b6f4c1e-0a54-4d8e-9a43-5e1f2d3c4b5a");
        assertThat(sales.grantedTo(alice)).isTrue();
        Policy.UserPolicy bob = policy.user("bob").orElseThrow();
        assertThat(bob.enabled()).isFalse();
        assertThat(bob.isAdmin()).isTrue();
        assertThat(bob.limits()).isEqualTo(Policy.QueryLimits.UNKNOWN_USER);
        assertThat(bob.revokedApiKeys()).isEmpty();
    }

    @Test
    void testADocumentWithoutUsersKnowsNobody() throws IOException {
        Policy policy = PolicyCache.parse("""
                {"catalogs": [{"catalog": "sales", "datasource": "Sales", "writable": true}]}
                """);
        assertThat(policy.users()).isEmpty();
        assertThat(policy.catalog("sales").orElseThrow().users()).isEqualTo(List.of());
    }
}

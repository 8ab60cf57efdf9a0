package io.nexusgateway.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

final class TestCatalogDefinition {
    private static final Map<String, String> PROPERTIES =
            Map.of("connection-url", "jdbc:postgresql://db:5432/shop", "connection-user", "reader");

    @Test
    void testFingerprintIsStable() {
        // a fixed value: the ledger stores fingerprints, so a change here re-creates every catalog once
        assertThat(CatalogDefinition.fingerprint("postgresql", PROPERTIES, 1))
                .startsWith("v1:")
                .hasSize(3 + 64)
                .isEqualTo(CatalogDefinition.fingerprint("postgresql", new TreeMap<>(PROPERTIES), 1));
        Map<String, String> reversed = new LinkedHashMap<>();
        reversed.put("connection-user", "reader");
        reversed.put("connection-url", "jdbc:postgresql://db:5432/shop");
        assertThat(CatalogDefinition.fingerprint("postgresql", reversed, 1))
                .isEqualTo(CatalogDefinition.fingerprint("postgresql", PROPERTIES, 1));
    }

    @Test
    void testFingerprintChanges() {
        String base = CatalogDefinition.fingerprint("postgresql", PROPERTIES, 1);
        assertThat(CatalogDefinition.fingerprint("postgresql", PROPERTIES, 2))
                .as("secret version")
                .isNotEqualTo(base);
        assertThat(CatalogDefinition.fingerprint("mysql", PROPERTIES, 1))
                .as("connector")
                .isNotEqualTo(base);
        Map<String, String> changed = new TreeMap<>(PROPERTIES);
        changed.put("connection-user", "writer");
        assertThat(CatalogDefinition.fingerprint("postgresql", changed, 1))
                .as("value")
                .isNotEqualTo(base);
        // length prefixes keep key/value boundaries apart
        assertThat(CatalogDefinition.fingerprint("c", Map.of("ab", "c"), 0))
                .isNotEqualTo(CatalogDefinition.fingerprint("c", Map.of("a", "bc"), 0));
    }

    @Test
    void testFingerprintFollowsTheMapping() {
        UUID id = UUID.randomUUID();
        DatasourceSpec spec = DatasourceSpec.builder(id, "postgresql", "shop")
                .host("db")
                .database("shop")
                .username("reader")
                .passwordReference("${nexus:datasource.%s.password}".formatted(id))
                .secretVersion(7)
                .build();
        CatalogDefinition catalog = ConnectorTypes.toCatalog(spec);
        assertThat(catalog.fingerprint())
                .isEqualTo(CatalogDefinition.fingerprint("postgresql", catalog.properties(), 7))
                .isEqualTo(ConnectorTypes.toCatalog(spec).fingerprint());
        CatalogDefinition newPassword =
                ConnectorTypes.toCatalog(spec.toBuilder().secretVersion(8).build());
        assertThat(newPassword.properties()).isEqualTo(catalog.properties());
        assertThat(newPassword.fingerprint()).isNotEqualTo(catalog.fingerprint());
        assertThat(ConnectorTypes.toCatalog(spec.toBuilder().ssl(true).build()).fingerprint())
                .isNotEqualTo(catalog.fingerprint());
    }

    @Test
    void testOnlyItsOwnPasswordReference() {
        String own = "${nexus:datasource.owner-1.password}";
        assertThat(CatalogDefinition.of("ok", "mysql", Map.of("connection-password", own), "owner-1", 0)
                        .properties())
                .containsEntry("connection-password", own);
        for (Map<String, String> properties : List.of(
                Map.of("connection-password", "${nexus:datasource.owner-2.password}"),
                Map.of("connection-password", "${ENV:HOME}"),
                Map.of("connection-password", own + "${ENV:HOME}"),
                Map.of("connection-user", own),
                Map.of("connection-user", "${FILE:/etc/passwd}"),
                Map.of("connection-url", "jdbc:mysql://h:1/?x=${ENV:HOME}"))) {
            assertThatThrownBy(() -> CatalogDefinition.of("ok", "mysql", properties, "owner-1", 0))
                    .as(properties.toString())
                    .isInstanceOf(InvalidDatasourceException.class)
                    .hasMessageEndingWith("'${' is not allowed: Trino would resolve it as a secret reference")
                    .message()
                    .doesNotContain("ENV", "FILE", "owner");
        }
    }

    @Test
    void testValidation() {
        assertThatThrownBy(() -> CatalogDefinition.of("Bad", "tpch", Map.of(), "o", 0))
                .isInstanceOf(InvalidCatalogNameException.class);
        assertThatThrownBy(() -> CatalogDefinition.of("ok", "\"tpch\"", Map.of(), "o", 0))
                .hasMessageContaining("invalid connector name");
        assertThatThrownBy(() -> CatalogDefinition.of("ok", "tpch", Map.of(), " ", 0))
                .hasMessage("ownerId is blank");
    }
}

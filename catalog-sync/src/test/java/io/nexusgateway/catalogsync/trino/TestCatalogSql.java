package io.nexusgateway.catalogsync.trino;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.connectors.CatalogDefinition;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class TestCatalogSql {
    @Test
    void testCreateCatalog() {
        CatalogDefinition catalog = CatalogDefinition.of(
                "shop",
                "postgresql",
                Map.of(
                        "connection-url", "jdbc:postgresql://db:5432/shop",
                        "connection-user", "o'brien \"x\"",
                        "connection-password", "${nexus:datasource.1.password}"),
                "1",
                0);
        assertThat(CatalogSql.createCatalog(catalog))
                .isEqualTo("CREATE CATALOG \"shop\" USING postgresql WITH ("
                        + "\"connection-password\" = '${nexus:datasource.1.password}', "
                        + "\"connection-url\" = 'jdbc:postgresql://db:5432/shop', "
                        + "\"connection-user\" = 'o''brien \"x\"')");
    }

    @Test
    void testCreateCatalogWithoutProperties() {
        assertThat(CatalogSql.createCatalog(CatalogDefinition.of("sample", "tpch", Map.of(), "owner", 0)))
                .isEqualTo("CREATE CATALOG \"sample\" USING tpch");
    }

    @Test
    void testQuoting() {
        assertThat(CatalogSql.identifier("a\"b")).isEqualTo("\"a\"\"b\"");
        assertThat(CatalogSql.literal("it's '' ü\\")).isEqualTo("'it''s '''' ü\\'");
        assertThat(CatalogSql.dropCatalogIfExists("shop")).isEqualTo("DROP CATALOG IF EXISTS \"shop\"");
    }
}

package io.nexusgateway.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

final class TestCatalogNames {
    @Test
    void testDerive() {
        assertThat(CatalogNames.derive("sales")).isEqualTo("sales");
        assertThat(CatalogNames.derive("Sales DB (EU)")).isEqualTo("sales_db_eu");
        assertThat(CatalogNames.derive("  --Orders--2024--  ")).isEqualTo("orders_2024");
        assertThat(CatalogNames.derive("Übersicht Café")).isEqualTo("ubersicht_cafe");
        assertThat(CatalogNames.derive("2024 orders")).isEqualTo("ds_2024_orders");
        assertThat(CatalogNames.derive("my-postgres.prod")).isEqualTo("my_postgres_prod");
        assertThat(CatalogNames.derive("System")).isEqualTo("system_ds");
        assertThat(CatalogNames.derive("tpch", Set.of("tpch"))).isEqualTo("tpch_ds");
        assertThat(CatalogNames.derive("tpch")).isEqualTo("tpch");
    }

    @Test
    void testDeriveCutsLongNames() {
        String derived = CatalogNames.derive("a".repeat(63) + " b c");
        assertThat(derived).hasSize(63).isEqualTo("a".repeat(63));
        assertThat(CatalogNames.derive("x".repeat(100))).hasSize(CatalogNames.MAX_LENGTH);
        String reservedLong = "r".repeat(64);
        assertThat(CatalogNames.derive(reservedLong, Set.of(reservedLong)))
                .hasSize(64)
                .endsWith("_ds");
    }

    @Test
    void testDeriveEveryResultIsValid() {
        for (String name : new String[] {"a", "Ä", "9", "_x_", "ÆØÅ data", "日本 sales", "a__b", "x".repeat(200)}) {
            assertThat(CatalogNames.isValid(CatalogNames.derive(name))).as(name).isTrue();
        }
    }

    @Test
    void testDeriveRefusesNamesWithoutLettersOrDigits() {
        assertThatThrownBy(() -> CatalogNames.derive("日本"))
                .isInstanceOf(InvalidCatalogNameException.class)
                .hasMessageContaining("no letters or digits");
        assertThatThrownBy(() -> CatalogNames.derive("---")).isInstanceOf(InvalidCatalogNameException.class);
    }

    @Test
    void testValidate() {
        assertThat(CatalogNames.validate("sales_2024")).isEqualTo("sales_2024");
        assertThat(CatalogNames.validate("x".repeat(64))).hasSize(64);
        for (String invalid :
                new String[] {"", "Sales", "9sales", "_sales", "sales-eu", "sales eu", "sälës", "x".repeat(65)}) {
            assertThatThrownBy(() -> CatalogNames.validate(invalid))
                    .as(invalid)
                    .isInstanceOf(InvalidCatalogNameException.class)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> CatalogNames.validate("system"))
                .hasMessage("catalog name 'system' is reserved: Nexus never creates or owns it");
        assertThatThrownBy(() -> CatalogNames.validate("information_schema"))
                .isInstanceOf(InvalidCatalogNameException.class);
        assertThatThrownBy(() -> CatalogNames.validate("hive", Set.of("hive"))).hasMessageContaining("reserved");
        assertThat(CatalogNames.isValid("hive")).isTrue();
    }
}

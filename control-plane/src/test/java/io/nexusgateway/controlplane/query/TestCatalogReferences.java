package io.nexusgateway.controlplane.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class TestCatalogReferences {
    @Test
    void testQualifiedNamesNameTheirCatalogAndTheRestTheSessionCatalog() {
        assertThat(CatalogReferences.of("SELECT * FROM a.s.t JOIN b.s.u ON true", null))
                .containsExactly("a", "b");
        assertThat(CatalogReferences.of("SELECT * FROM t JOIN other.s.u ON true", "maria"))
                .containsExactly("maria", "other");
        assertThat(CatalogReferences.of("SELECT 1", null)).isEmpty();
        assertThat(CatalogReferences.of("SELECT 1", "maria")).containsExactly("maria");
    }

    @Test
    void testCommonTableExpressionsAndTableFunctionsAreResolved() {
        assertThat(CatalogReferences.of("WITH x AS (SELECT * FROM pg.public.t) SELECT * FROM x", "maria"))
                .containsExactly("pg");
        assertThat(CatalogReferences.of("SELECT * FROM TABLE(pg.system.query(query => 'select 1'))", null))
                .containsExactly("pg");
    }

    @Test
    void testUnparsableSqlFallsBackToTheSessionCatalog() {
        assertThat(CatalogReferences.of("SELEC nonsense", "maria")).containsExactly("maria");
        assertThat(CatalogReferences.of("SELEC nonsense", null)).isEmpty();
    }
}

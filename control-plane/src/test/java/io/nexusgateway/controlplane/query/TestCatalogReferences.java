package io.nexusgateway.controlplane.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Test
    void testNestingIsCountedOutsideLiteralsIdentifiersAndComments() {
        assertThat(CatalogReferences.nesting("SELECT ((1)), ARRAY[[2]]")).isEqualTo(2);
        assertThat(CatalogReferences.nesting("SELECT f(g(h(1)))")).isEqualTo(3);
        assertThat(CatalogReferences.nesting("SELECT '((((', \"((\", `((`, 1 -- ((((\n /* (((( */ (1)"))
                .isEqualTo(1);
        assertThat(CatalogReferences.nesting("SELECT 'it''s ((', (1)")).isEqualTo(1);
        // Trino ends a comment at a carriage return too: what follows it counts
        assertThat(CatalogReferences.nesting("SELECT 1 -- x\r((((1))))")).isEqualTo(4);
        assertThat(CatalogReferences.nesting("SELECT ')))))' , ((((1))))")).isEqualTo(4);
    }

    /**
     * Any user can send any statement: none may cost the control plane more than a bounded amount of memory (and so of
     * CPU). Unbounded, the first shape allocated gigabytes and the 400 KB one ran the heap out.
     */
    @Test
    void testHostileShapesCostBoundedMemory() {
        Map<String, String> shapes = new LinkedHashMap<>();
        shapes.put("8,000 nested parentheses (16 KB)", "SELECT " + "(".repeat(8_000) + "1" + ")".repeat(8_000));
        shapes.put("200,000 nested parentheses (400 KB)", "SELECT " + "(".repeat(200_000) + "1" + ")".repeat(200_000));
        shapes.put(
                "parentheses nested 64 deep up to the length bound",
                repeatTo("(".repeat(64) + "1" + ")".repeat(64) + ", ", CatalogReferences.MAX_PARSED_LENGTH - 16));
        shapes.put("nested arrays", "SELECT " + "ARRAY[".repeat(5_000) + "1" + "]".repeat(5_000));
        shapes.put(
                "nesting hidden after a carriage return in a comment",
                "SELECT 1 -- x\r" + "(".repeat(8_000) + "1" + ")".repeat(8_000));
        shapes.put("a huge IN list", "SELECT * FROM a.s.t WHERE x IN (" + "1,".repeat(200_000) + "1)");
        shapes.put(
                "an IN list up to the length bound",
                "SELECT * FROM a.s.t WHERE x IN (" + "1,".repeat((CatalogReferences.MAX_PARSED_LENGTH - 64) / 2)
                        + "1)");
        shapes.put("a left-deep sum", "SELECT " + "1+".repeat((CatalogReferences.MAX_PARSED_LENGTH - 16) / 2) + "1");
        shapes.put("a long identifier", "SELECT * FROM a.s." + "t".repeat(CatalogReferences.MAX_PARSED_LENGTH - 32));
        shapes.put("many statements", "SELECT * FROM a.s.t; ".repeat(1_500) + "SELECT 1");
        shapes.put("many NOTs", "SELECT " + "NOT ".repeat(7_000) + "true");
        shapes.put("nested CASE", "SELECT " + "CASE WHEN 1=1 THEN ".repeat(1_500) + "1" + " END".repeat(1_500));

        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        CatalogReferences.of("SELECT * FROM a.s.t", null); // the parser's own one-time set-up is not the input's cost
        for (Map.Entry<String, String> shape : shapes.entrySet()) {
            long before = threads.getCurrentThreadAllocatedBytes();
            List<String> catalogs = CatalogReferences.of(shape.getValue(), "session");
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated for %s", shape.getKey()).isLessThan(64L << 20);
            assertThat(catalogs).as(shape.getKey()).isNotEmpty().isSubsetOf("a", "session");
        }
    }

    private static String repeatTo(String unit, int length) {
        StringBuilder sql = new StringBuilder("SELECT ");
        while (sql.length() + unit.length() < length) {
            sql.append(unit);
        }
        return sql.append('1').toString();
    }
}

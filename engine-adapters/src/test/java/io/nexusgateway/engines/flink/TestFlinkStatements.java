package io.nexusgateway.engines.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.engines.EngineException;
import io.nexusgateway.engines.EngineTable;
import io.nexusgateway.etl.QueryRewriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the adapter says to Flink: names, types, Flink's messages. */
final class TestFlinkStatements {
    private static final List<QueryRewriter.Name> NAMES = List.of(
            new QueryRewriter.Name("shop", "sales", "orders", "nexus_input_0"),
            new QueryRewriter.Name("shop", "sales", "Customers", "nexus_input_1"));

    @Test
    void testTrinoNamesBecomeTheDeclaredTables() {
        assertThat(QueryRewriter.rewrite(
                        "SELECT o.id, \"c\".\"name\" FROM \"shop\".\"sales\".\"orders\" o JOIN shop.sales.\"Customers\" c"
                                + " ON o.cid = \"c\".id WHERE o.note <> 'shop.sales.orders' -- shop.sales.orders\n",
                        NAMES,
                        true))
                .isEqualTo("SELECT o.id, `c`.`name` FROM `nexus_input_0` o JOIN `nexus_input_1` c"
                        + " ON o.cid = `c`.id WHERE o.note <> 'shop.sales.orders' -- shop.sales.orders\n");
        // unquoted names are lower-cased as Trino does; a quoted one keeps its case
        assertThat(QueryRewriter.rewrite("SELECT * FROM SHOP.Sales.ORDERS", NAMES, true))
                .isEqualTo("SELECT * FROM `nexus_input_0`");
        assertThat(QueryRewriter.rewrite("SELECT * FROM shop.sales.customers", NAMES, true))
                .isEqualTo("SELECT * FROM shop.sales.customers");
    }

    @Test
    void testTrinoTypesBecomeFlinkTypes() {
        assertThat(List.of(
                                "integer",
                                "bigint",
                                "varchar(40)",
                                "varchar",
                                "char(3)",
                                "decimal(12,2)",
                                "timestamp(3)",
                                "timestamp(6) with time zone",
                                "date",
                                "double",
                                "real",
                                "boolean")
                        .stream()
                        .map(type -> FlinkSqlGatewayEngineAdapter.flinkType(new EngineTable.Column("c", type)))
                        .toList())
                .containsExactly(
                        "INT",
                        "BIGINT",
                        "VARCHAR(40)",
                        "STRING",
                        "CHAR(3)",
                        "DECIMAL(12, 2)",
                        "TIMESTAMP(3)",
                        "TIMESTAMP_LTZ(6)",
                        "DATE",
                        "DOUBLE",
                        "FLOAT",
                        "BOOLEAN");
        assertThatThrownBy(
                        () -> FlinkSqlGatewayEngineAdapter.flinkType(new EngineTable.Column("tags", "array(varchar)")))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("tags")
                .hasMessageContaining("array(varchar)");
    }

    @Test
    void testRootCauseIsFlinksDeepestMessage() {
        assertThat(
                        FlinkSqlGatewayEngineAdapter.rootCause(
                                "org.apache.flink.runtime.JobException: Recovery is suppressed\n"
                                        + "\tat a.b(C.java:1)\n"
                                        + "Caused by: java.io.IOException: unable to open JDBC writer\n"
                                        + "\tat d.e(F.java:2)\n"
                                        + "Caused by: java.sql.SQLNonTransientConnectionException: Socket fail to connect to 127.0.0.1\n"))
                .isEqualTo("java.sql.SQLNonTransientConnectionException: Socket fail to connect to 127.0.0.1");
        assertThat(FlinkSqlGatewayEngineAdapter.rootCause("java.lang.IllegalStateException: no\n\tat x.y(Z.java:3)"))
                .isEqualTo("java.lang.IllegalStateException: no");
    }
}

package io.nexusgateway.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class TestQueryRewriter {
    private static final List<QueryRewriter.Name> NAMES = List.of(
            new QueryRewriter.Name("shop", "sales", "orders", "nexus_input_0"),
            new QueryRewriter.Name("shop", "Sales", "Line \"Items\"", "nexus_input_1"));

    @Test
    void testQuotedNamesBecomeViews() {
        assertThat(QueryRewriter.rewrite("SELECT o.id FROM \"shop\".\"sales\".\"orders\" o", NAMES))
                .isEqualTo("SELECT o.id FROM `nexus_input_0` o");
        assertThat(QueryRewriter.rewrite("SELECT * FROM \"shop\".\"Sales\".\"Line \"\"Items\"\"\"", NAMES))
                .isEqualTo("SELECT * FROM `nexus_input_1`");
    }

    @Test
    void testUnquotedNamesResolveLowercase() {
        assertThat(QueryRewriter.rewrite("select count(*) from SHOP.sales.Orders where x = 1", NAMES))
                .isEqualTo("select count(*) from `nexus_input_0` where x = 1");
    }

    @Test
    void testLiteralsCommentsAndOtherNamesStay() {
        String query = "SELECT 'shop.sales.orders', \"shop\".\"sales\".\"other\", a.\"id\" -- shop.sales.orders\n"
                + "FROM shop.sales.orders a /* \"shop\".\"sales\".\"orders\" */ WHERE note = 'it''s shop.sales.orders'";
        assertThat(QueryRewriter.rewrite(query, NAMES))
                .isEqualTo(
                        "SELECT 'shop.sales.orders', \"shop\".\"sales\".\"other\", a.\"id\" -- shop.sales.orders\n"
                                + "FROM `nexus_input_0` a /* \"shop\".\"sales\".\"orders\" */ WHERE note = 'it''s shop.sales.orders'");
    }

    @Test
    void testOtherQuotedNamesInBackticksForFlink() {
        String query = "SELECT 'shop.sales.orders', \"shop\".\"sales\".\"other\", a.\"id\", \"we\"\"ird\" -- \"x\"\n"
                + "FROM shop.sales.orders a WHERE note = '\"quoted\"'";
        assertThat(QueryRewriter.rewrite(query, NAMES, true))
                .isEqualTo("SELECT 'shop.sales.orders', `shop`.`sales`.`other`, a.`id`, `we\"ird` -- \"x\"\n"
                        + "FROM `nexus_input_0` a WHERE note = '\"quoted\"'");
    }

    @Test
    void testCaseSensitiveQuotedPartsDoNotMatchOtherCase() {
        assertThat(QueryRewriter.rewrite("SELECT * FROM \"shop\".\"SALES\".\"orders\"", NAMES))
                .isEqualTo("SELECT * FROM \"shop\".\"SALES\".\"orders\"");
        assertThat(QueryRewriter.rewrite("SELECT t.* FROM shop.sales.orders t", NAMES))
                .isEqualTo("SELECT t.* FROM `nexus_input_0` t");
    }
}

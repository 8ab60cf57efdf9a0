package io.nexusgateway.controlplane.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class TestColumnType {
    private static final ColumnType BIGINT = scalar("bigint", ColumnType.Kind.BIGINT);
    private static final long MAX_SAFE = (1L << 53) - 1;

    @Test
    void testBigintsBeyondTwoToThe53AreStringsWhetherDecodedOrCopied() throws Exception {
        assertThat(BIGINT.toJson(MAX_SAFE)).isEqualTo(MAX_SAFE);
        assertThat(BIGINT.toJson(-MAX_SAFE)).isEqualTo(-MAX_SAFE);
        assertThat(BIGINT.toJson(MAX_SAFE + 1)).isEqualTo("9007199254740992");
        assertThat(BIGINT.toJson(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
        // the same rule on Trino's JSON bytes
        assertThat(copied(BIGINT, "[[9007199254740991],[9007199254740992],[-9007199254740991],[-9223372036854775808]]"))
                .isEqualTo(
                        "[9007199254740991]\n[\"9007199254740992\"]\n[-9007199254740991]\n[\"-9223372036854775808\"]\n");
    }

    @Test
    void testARowIsTheListOfItsFieldValues() {
        ColumnType row = new ColumnType(
                "struct",
                "row(n bigint, s varchar)",
                ColumnType.Kind.ROW,
                List.of(BIGINT, scalar("varchar", ColumnType.Kind.TEXT)),
                List.of("n", "s"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("n", "9007199254740992");
        expected.put("s", null);
        assertThat(row.toJson(Arrays.asList(MAX_SAFE + 1, null))).isEqualTo(expected);
    }

    @Test
    void testARealIsItsShortestDecimalFormWhetherDecodedOrCopied() throws Exception {
        ColumnType real = scalar("real", ColumnType.Kind.REAL);
        assertThat(real.toJson(1.1f)).isEqualTo(new java.math.BigDecimal("1.1"));
        assertThat(real.toJson(Float.NaN)).isEqualTo("NaN");
        assertThat(copied(real, "[[1.100000023841858],[\"NaN\"]]")).isEqualTo("[1.1]\n[\"NaN\"]\n");
    }

    private static String copied(ColumnType type, String segment) throws Exception {
        List<JsonRows> pages = new ArrayList<>();
        JsonRows.split(segment.getBytes(StandardCharsets.UTF_8), 2, pages::add);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonRowWriter writer = new JsonRowWriter(List.of(type), out);
        for (JsonRows page : pages) {
            writer.writeNdjson(page);
        }
        writer.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ColumnType scalar(String trino, ColumnType.Kind kind) {
        return new ColumnType(trino, trino, kind, List.of(), List.of());
    }
}

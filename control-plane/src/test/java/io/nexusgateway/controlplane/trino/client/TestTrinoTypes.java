package io.nexusgateway.controlplane.trino.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.result.ColumnType;
import io.trino.client.ClientTypeSignature;
import io.trino.client.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class TestTrinoTypes {
    @Test
    void testRowsBecomeTheListsOfTheirFieldsWhereverTheyAre() {
        Row row = Row.builder().addField("n", 1).addField("s", "a").build();
        assertThat(TrinoTypes.neutral(row)).isEqualTo(List.of(1, "a"));
        assertThat(TrinoTypes.neutral(Map.of("k", List.of(row)))).isEqualTo(Map.of("k", List.of(List.of(1, "a"))));
        assertThat(TrinoTypes.neutral(null)).isNull();
        assertThat(TrinoTypes.neutral("x")).isEqualTo("x");
    }

    @Test
    void testOnlyTypesWithARowInsideNeedConverting() {
        ColumnType bigint = TrinoTypes.of(new ClientTypeSignature("bigint"));
        assertThat(bigint.kind()).isEqualTo(ColumnType.Kind.BIGINT);
        assertThat(TrinoTypes.holdsRows(bigint)).isFalse();
        ColumnType struct =
                new ColumnType("struct", "row(n bigint)", ColumnType.Kind.ROW, List.of(bigint), List.of("n"));
        ColumnType array =
                new ColumnType("array", "array(row(n bigint))", ColumnType.Kind.ARRAY, List.of(struct), List.of());
        assertThat(TrinoTypes.holdsRows(array)).isTrue();
    }
}

package io.nexusgateway.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

final class TestEtlReport {
    @Test
    void testLinesParseBackBehindALogPrefix() {
        assertThat(EtlReport.parse(
                        "26/12/03 10:32:50 INFO x: " + EtlReport.succeeded(300).line()))
                .hasValue(new EtlReport(EtlReport.State.SUCCEEDED, OptionalLong.of(300), null));
        assertThat(EtlReport.parse(EtlReport.running().line())).hasValue(EtlReport.running());
        assertThat(EtlReport.parse(
                        EtlReport.failed("[UNRESOLVED_COLUMN] no_such_column").line()))
                .hasValueSatisfying(
                        report -> assertThat(report.message()).isEqualTo("[UNRESOLVED_COLUMN] no_such_column"));
        assertThat(EtlReport.parse("an ordinary line")).isEmpty();
        assertThat(EtlReport.parse("nexus-etl: SUCCEEDED rows=many")).isEmpty();
    }

    @Test
    void testFailureMessageIsOneLine() {
        EtlReport report = EtlReport.failed("first\n  second\r\nthird ");
        assertThat(report.line()).isEqualTo("nexus-etl: FAILED first second third");
        assertThat(EtlReport.failed("x".repeat(5000)).message()).hasSize(4003);
    }
}

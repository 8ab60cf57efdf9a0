package io.nexusgateway.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

/** What a problem keeps of a long input (issue 12): quoted values cut, the rest of the message intact. */
final class TestProblems {
    private static final String LONG = "y".repeat(1 << 20);

    @Test
    void testQuotedValuesAreCutAndTheMessageAroundThemKept() {
        // the shape of Trino's messages and of ours: a user value between quotes, then the explanation
        ProblemDetail problem = Problems.of(
                ProblemType.SQL_SYNTAX_ERROR, "line 1:8: mismatched input '" + LONG + "'. Expecting: ',', 'FROM'");

        assertThat(problem.getDetail())
                .isEqualTo("line 1:8: mismatched input '" + "y".repeat(Problems.MAX_QUOTED)
                        + "\u2026'. Expecting: ',', 'FROM'");
    }

    @Test
    void testDetailsAndStringPropertiesAreBounded() {
        ProblemDetail problem = Problems.of(
                ProblemType.VALIDATION_FAILED,
                "unquoted " + LONG,
                Map.of("errors", List.of(Map.of("field", LONG, "message", "short")), "value", LONG));

        assertThat(problem.getDetail()).hasSize(Problems.MAX_TEXT + 1).endsWith("\u2026");
        assertThat(problem.getProperties().get("value").toString()).hasSize(Problems.MAX_TEXT + 1);
        Map<?, ?> error = (Map<?, ?>) ((List<?>) problem.getProperties().get("errors")).get(0);
        assertThat(error.get("field").toString()).hasSize(Problems.MAX_TEXT + 1);
        assertThat(error.get("message")).isEqualTo("short");
    }

    @Test
    void testACutNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00";
        String cut = Problems.truncate("a".repeat(Problems.MAX_QUOTED - 1) + emoji + "tail", Problems.MAX_QUOTED);

        assertThat(cut).isEqualTo("a".repeat(Problems.MAX_QUOTED - 1) + "\u2026");
    }
}

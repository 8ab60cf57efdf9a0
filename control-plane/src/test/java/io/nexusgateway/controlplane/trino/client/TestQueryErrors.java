package io.nexusgateway.controlplane.trino.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.web.ProblemType;
import io.trino.client.QueryError;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

final class TestQueryErrors {
    @Test
    void testARestartingTrinoIsUnavailableNotBroken() {
        // what a Trino restarted after a crash answers for its first seconds (measured by bench/faults.sh)
        assertThat(problem("SERVER_STARTING_UP", "INTERNAL_ERROR")).isEqualTo(ProblemType.TRINO_UNAVAILABLE);
        assertThat(problem("SERVER_SHUTTING_DOWN", "INTERNAL_ERROR")).isEqualTo(ProblemType.TRINO_UNAVAILABLE);
        assertThat(problem("GENERIC_INTERNAL_ERROR", "INTERNAL_ERROR")).isEqualTo(ProblemType.TRINO_ERROR);
    }

    @Test
    void testARefusalForWantOfAPolicyIsUnavailableNotForbidden() throws Exception {
        JsonNode contract =
                JsonMapper.builder().build().readTree(Files.readString(Path.of("../contracts/access-denials.json")));
        assertThat(QueryErrors.POLICY_NOT_LOADED)
                .isEqualTo(contract.get("policyNotLoaded").asString());
        assertThat(problem(
                        "PERMISSION_DENIED",
                        "USER_ERROR",
                        contract.get("example").asString()))
                .isEqualTo(ProblemType.TRINO_UNAVAILABLE);
        assertThat(problem("PERMISSION_DENIED", "USER_ERROR", "Access Denied: datasource 'x' is read-only"))
                .isEqualTo(ProblemType.PERMISSION_DENIED);
    }

    @Test
    void testErrorTypesDecideWhatNoNameDoes() {
        assertThat(problem("DIVISION_BY_ZERO", "USER_ERROR")).isEqualTo(ProblemType.QUERY_INVALID);
        assertThat(problem("JDBC_ERROR", "EXTERNAL")).isEqualTo(ProblemType.SOURCE_ERROR);
        assertThat(problem("EXCEEDED_GLOBAL_MEMORY_LIMIT", "INSUFFICIENT_RESOURCES"))
                .isEqualTo(ProblemType.TRINO_OVERLOADED);
    }

    private static ProblemType problem(String errorName, String errorType) {
        return problem(errorName, errorType, "message");
    }

    private static ProblemType problem(String errorName, String errorType, String message) {
        QueryError error = new QueryError(message, null, 1, errorName, errorType, null, null);
        return QueryErrors.toProblem(new TrinoQueryFailure("20261202_000000_00000_abcde", error), false)
                .problemType();
    }
}

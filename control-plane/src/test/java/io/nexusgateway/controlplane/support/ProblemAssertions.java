package io.nexusgateway.controlplane.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** A response is the problem+json of this status and code, with every field a Nexus problem carries and no trace. */
public final class ProblemAssertions {
    private static final String TYPE_BASE = "https://nexusgateway.io/problems/";

    private ProblemAssertions() {}

    public static void assertProblem(ApiClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("code").asString()).as(response.body()).isEqualTo(code);
        assertThat(problem.get("type").asString())
                .as(response.body())
                .isEqualTo(TYPE_BASE + code.toLowerCase(Locale.ROOT).replace('_', '-'));
        assertThat(problem.get("success").asBoolean()).as(response.body()).isFalse();
        assertThat(problem.get("correlationId").asString()).as(response.body()).isNotBlank();
        assertThat(problem.get("timestamp").asString()).as(response.body()).isNotBlank();
        assertThat(problem.get("detail").asString()).as(response.body()).isNotBlank();
        // no stack trace, no exception's name: problems say what happened in the API's words
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "at io.", "at org.");
    }
}

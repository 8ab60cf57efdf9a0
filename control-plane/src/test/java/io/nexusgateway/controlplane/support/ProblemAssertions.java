package io.nexusgateway.controlplane.support;

import static org.assertj.core.api.Assertions.assertThat;

/** A response is the problem+json of this status and code. */
public final class ProblemAssertions {
    private ProblemAssertions() {}

    public static void assertProblem(ApiClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("code").asString()).as(response.body()).isEqualTo(code);
    }
}

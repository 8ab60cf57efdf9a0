package io.nexusgateway.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ControlPlaneTest;
import io.nexusgateway.controlplane.support.RawHttp;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** A body that never arrives ends in a problem once the container's read timeout passes (issue 12). */
@TestPropertySource(properties = "server.tomcat.connection-timeout=1s")
final class TestRequestTimeout extends ControlPlaneTest {
    @Test
    void testABodyThatStopsHalfWayIsAProblem() throws IOException {
        // 100 bytes announced, 10 sent: the server waits for the rest until its read timeout
        RawHttp.Response response = RawHttp.send(
                port,
                "POST /api/v1/datasources HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ADMIN_KEY
                        + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\": ");

        assertThat(response.status())
                .as(response.head() + "\n" + response.body())
                .isEqualTo(408);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(response.body())
                        .get("code")
                        .asString())
                .isEqualTo("REQUEST_TIMEOUT");
    }
}

package io.nexusgateway.controlplane.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ControlPlaneTest;
import io.nexusgateway.controlplane.support.RawHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Malformed HTTP over a plain socket (issue 12): whatever layer rejects a request (Tomcat's parser, its URI checks,
 * Spring Security's firewall, Spring MVC, the controllers), the answer is a problem with a code, never an HTML page, a
 * Spring default body or a stack trace.
 */
final class TestMalformedHttp extends ControlPlaneTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MEGABYTE = "x".repeat(1 << 20);

    @Test
    void testEveryRejectionIsAProblem() throws IOException {
        String auth = "Authorization: Bearer " + ADMIN_KEY + "\r\n";
        Map<String, String> corpus = new LinkedHashMap<>();
        corpus.put("bad percent-encoding", get("/%", auth));
        corpus.put("bad percent-encoding in a segment", get("/api/v1/datasources/%zz", auth));
        corpus.put("path parameter traversal", get("/..;/", auth));
        corpus.put("encoded traversal", get("/%2e%2e/%2e%2e/etc/passwd", auth));
        corpus.put("encoded NUL", get("/api/v1/%00", auth));
        corpus.put("overlong UTF-8", get("/api/v1/%c0%af", auth));
        corpus.put("raw non-ASCII byte", get("/api/v1/datasources/\u00ff", auth));
        corpus.put("double slash", get("//api/v1/datasources", auth));
        corpus.put("semicolon", get("/api/v1/datasources;jsessionid=1", auth));
        corpus.put("encoded slash", get("/api/v1/datasources%2f1", auth));
        corpus.put("bad query string", get("/api/v1/datasources?page=%zz", auth));
        corpus.put("truncated query escape", get("/api/v1/datasources?size=%", auth));
        corpus.put("not a number", get("/api/v1/datasources?page=one", auth));
        corpus.put("not a uuid", get("/api/v1/datasources/not-a-uuid", auth));
        corpus.put("space in the target", "GET /a b HTTP/1.1\r\nHost: localhost\r\n\r\n");
        corpus.put("unknown protocol version", "GET / HTTP/9.9\r\nHost: localhost\r\n\r\n");
        corpus.put("bad method characters", "G@T / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        corpus.put("garbage request line", "\u0001\u0002\u0003\r\n\r\n");
        corpus.put("no Host", "GET /api/v1/datasources HTTP/1.1\r\n" + auth + "\r\n");
        corpus.put("absolute form to another host", "GET http://evil.example/ HTTP/1.1\r\nHost: localhost\r\n\r\n");
        corpus.put("unknown method", request("FOO", "/api/v1/datasources", auth, ""));
        corpus.put("TRACE", request("TRACE", "/api/v1/datasources", auth, ""));
        corpus.put("TRACE anonymous", request("TRACE", "/", "", ""));
        corpus.put("control character in a header", get("/api/v1/datasources", auth + "X-Bad: a\u0001b\r\n"));
        corpus.put("space in a header name", get("/api/v1/datasources", auth + "Bad Header: x\r\n"));
        corpus.put("huge header", get("/api/v1/datasources", auth + "X-Big: " + "b".repeat(64 * 1024) + "\r\n"));
        corpus.put("bad Content-Length", request("POST", "/api/v1/datasources", auth + "Content-Length: abc\r\n", ""));
        corpus.put(
                "Content-Length and chunked",
                request(
                        "POST",
                        "/api/v1/datasources",
                        auth + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n",
                        "0\r\n\r\n"));
        corpus.put(
                "bad chunk size",
                request(
                        "POST",
                        "/api/v1/datasources",
                        auth + "Transfer-Encoding: chunked\r\n",
                        "zz\r\nabc\r\n0\r\n\r\n"));
        corpus.put("unparseable Accept", get("/api/v1/datasources", auth + "Accept: ;;;q=x/\r\n"));
        corpus.put("unacceptable Accept", get("/api/v1/datasources", auth + "Accept: image/png\r\n"));
        corpus.put("garbage Content-Type", post("/api/v1/datasources", auth, ";;;", "{}"));
        corpus.put("wrong Content-Type", post("/api/v1/datasources", auth, "text/plain", "{}"));
        corpus.put("invalid JSON", post("/api/v1/datasources", auth, "application/json", "{\"name\": "));
        corpus.put(
                "invalid UTF-8 in JSON",
                post("/api/v1/datasources", auth, "application/json", "{\"name\": \"\u00ff\"}"));
        corpus.put(
                "JSON of wrong types",
                post("/api/v1/datasources", auth, "application/json", "{\"name\": [1], \"config\": 7}"));
        corpus.put("1 MB of garbage", post("/api/v1/datasources", auth, "application/json", "{" + MEGABYTE));
        corpus.put(
                "1 MB name",
                post(
                        "/api/v1/datasources",
                        auth,
                        "application/json",
                        "{\"name\": \"" + MEGABYTE + "\", \"type\": \"tpch\"}"));
        corpus.put(
                "1 MB SQL parameter type",
                post(
                        "/api/v1/query",
                        auth,
                        "application/json",
                        "{\"sql\": \"SELECT ?\", \"parameters\": [{\"type\": \"" + MEGABYTE + "\", \"value\": 1}]}"));
        corpus.put("no credential", get("/api/v1/datasources", ""));
        corpus.put("wrong credential", get("/api/v1/datasources", "Authorization: Bearer nope\r\n"));
        corpus.put("unknown endpoint", get("/api/v1/nothing-here", auth));
        corpus.put("Spring's old error page", get("/error", auth));

        SoftAssertions softly = new SoftAssertions();
        int errors = 0;
        for (Map.Entry<String, String> entry : corpus.entrySet()) {
            RawHttp.Response response = RawHttp.send(port, entry.getValue());
            String what = entry.getKey() + ": " + response.head() + "\n" + abbreviate(response.body());
            // a client's fault, never the server's (505 is the answer to an unknown HTTP version)
            softly.assertThat(response.status()).as(what).isBetween(400, 505).isNotIn(500, 502, 503, 504);
            if (response.status() < 400) {
                continue;
            }
            errors++;
            softly.assertThat(response.header("content-type")).as(what).startsWith("application/problem+json");
            softly.assertThat(response.body().toLowerCase(Locale.ROOT))
                    .as(what)
                    .doesNotContain("<html", "exception", "tomcat", "\tat ", "whitelabel");
            softly.assertThat(response.body().length()).as(what).isLessThan(4_000);
            try {
                JsonNode problem = JSON.readTree(response.body());
                softly.assertThat(problem.path("code").asString(""))
                        .as(what)
                        .matches("[A-Z_]+")
                        .isNotEqualTo("INTERNAL_ERROR");
                softly.assertThat(problem.path("type").asString(""))
                        .as(what)
                        .startsWith("https://nexusgateway.io/problems/");
                softly.assertThat(problem.path("status").asInt()).as(what).isEqualTo(response.status());
                softly.assertThat(problem.path("correlationId").asString(""))
                        .as(what)
                        .isNotEmpty();
            } catch (RuntimeException e) {
                softly.fail(what + " is not JSON: " + e);
            }
        }
        softly.assertAll();
        assertThat(errors).isEqualTo(corpus.size());
    }

    private static String get(String target, String headers) {
        return request("GET", target, headers, "");
    }

    private static String post(String target, String headers, String contentType, String body) {
        return request(
                "POST",
                target,
                headers + "Content-Type: " + contentType + "\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n",
                body);
    }

    private static String request(String method, String target, String headers, String body) {
        return method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers + "\r\n"
                + body;
    }

    private static String abbreviate(String text) {
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }
}

package io.nexusgateway.controlplane.audit;

import static io.nexusgateway.controlplane.support.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.ApiClient.Response;
import io.nexusgateway.controlplane.support.AuditRecordContract;
import io.nexusgateway.controlplane.support.ControlPlaneTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /internal/v1/audit} refuses records one by one: the valid records of a batch are stored, the refused
 * ones are named by index and reason ({@code contracts/audit-delivery.json}, which the plugin's sender is tested
 * against) and listed for admins.
 */
final class TestAuditDelivery extends ControlPlaneTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void testTheAnswerOfTheContract() throws IOException {
        JsonNode contract = JSON.readTree(Files.readString(Path.of("../contracts/audit-delivery.json")));
        String request = JSON.writeValueAsString(contract.get("request"));

        Response first = internal().post("/internal/v1/audit", JSON.readTree(request));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json()).isEqualTo(contract.get("response"));
        // delivered again (the sender crashed before settling): nothing stored twice, the same refusals
        Response again = internal().post("/internal/v1/audit", JSON.readTree(request));
        assertThat(again.json().get("stored").asInt()).isZero();
        assertThat(again.json().get("rejected"))
                .isEqualTo(contract.get("response").get("rejected"));

        JsonNode rejected = admin().get("/api/v1/audit/rejected?size=500").json();
        assertThat(rejected.get("items")
                        .valueStream()
                        .filter(item -> item.get("queryId").asString("").endsWith("_golde"))
                        .map(item -> item.get("queryId").asString() + ": "
                                + item.get("reason").asString())
                        .toList())
                .containsExactlyInAnyOrder(
                        "20260101_000000_00001_golde: state is not a known state",
                        "20260101_000000_00002_golde: rowsOut has a value of the wrong type");
        assertThat(admin().get("/api/v1/audit/20260101_000000_00000_golde").status())
                .isEqualTo(200);
        assertThat(admin().get("/api/v1/audit/20260101_000000_00001_golde").status())
                .isEqualTo(404);
        // not a JSON array at all: refused as a whole
        assertProblem(internal().post("/internal/v1/audit", Map.of("queryId", "x")), 400, "INVALID_AUDIT_RECORD");
    }

    /** {@code contracts/audit-record.json}, which the plugin's records serialize to: stored and shown as posted. */
    @Test
    void testTheRecordOfTheContractIsStoredAndShownAsPosted() throws IOException {
        JsonNode contract = AuditRecordContract.read();
        for (String name : List.of("complete", "minimal")) {
            JsonNode posted = contract.get(name);
            Response delivered = internal().post("/internal/v1/audit", List.of(posted));
            assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
            assertThat(delivered.json().get("rejected")).as(name).isEmpty();

            JsonNode shown = admin().get(
                            "/api/v1/audit/" + posted.get("queryId").asString())
                    .json();
            Map<String, Object> expected = withoutNulls(JSON.convertValue(posted, Map.class));
            Map<String, Object> actual = withoutNulls(JSON.convertValue(shown, Map.class));
            assertThat(actual.remove("recordedAt")).as(name).isNotNull();
            assertThat(actual).as(name).isEqualTo(expected);
        }
    }

    /** Absent and null are the same to both sides. */
    private static Map<String, Object> withoutNulls(Map<?, ?> record) {
        Map<String, Object> copy = new LinkedHashMap<>();
        record.forEach((key, value) -> {
            if (value != null) {
                copy.put((String) key, value);
            }
        });
        return copy;
    }

    @Test
    void testOneBadRecordOfFiveHundredIsSetAsideAndTheOthersStored() {
        String user = unique("batch");
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(record("20260103_000000_" + String.format("%05d", i) + "_" + user, user));
        }
        String badQueryId = (String) batch.get(250).get("queryId");
        batch.get(250).put("endTime", "the end");

        Response delivered = internal().post("/internal/v1/audit", batch);
        assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
        assertThat(delivered.json().get("received").asInt()).isEqualTo(500);
        assertThat(delivered.json().get("stored").asInt()).isEqualTo(499);
        assertThat(delivered.json().get("rejected").toString())
                .isEqualTo("[{\"index\":250,\"queryId\":\"" + badQueryId
                        + "\",\"reason\":\"endTime has a value of the wrong type\"}]");
        assertThat(admin().get("/api/v1/audit?user=" + user + "&size=1")
                        .json()
                        .get("totalItems")
                        .asLong())
                .isEqualTo(499);

        // visible to admins, with the user and the reason but not the value
        JsonNode refusal = admin().get("/api/v1/audit/rejected?size=500")
                .json()
                .get("items")
                .valueStream()
                .filter(item -> badQueryId.equals(item.get("queryId").asString(null)))
                .findFirst()
                .orElseThrow();
        assertThat(refusal.get("user").asString()).isEqualTo(user);
        assertThat(refusal.get("reason").asString()).isEqualTo("endTime has a value of the wrong type");
        assertThat(Instant.parse(refusal.get("rejectedAt").asString()))
                .isBefore(Instant.now().plusSeconds(1));
        assertThat(refusal.toString()).doesNotContain("the end");
        // and only to admins
        String username = newUser(List.of("user"), List.of());
        assertProblem(loggedIn(username).get("/api/v1/audit/rejected"), 403, "FORBIDDEN");
    }

    private static Map<String, Object> record(String queryId, String user) {
        Map<String, Object> record = AuditRecordContract.minimalRecord(queryId, user);
        record.put("principal", user);
        record.put("source", "trino-jdbc");
        record.put("client", "trino-jdbc");
        record.put("correlationId", UUID.randomUUID().toString());
        record.put("query", "SELECT 1");
        record.put("queryType", "SELECT");
        record.put("startTime", "2026-01-03T00:00:00Z");
        record.put("endTime", "2026-01-03T00:00:01Z");
        return record;
    }
}

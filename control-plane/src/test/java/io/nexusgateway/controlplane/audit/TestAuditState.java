package io.nexusgateway.controlplane.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.controlplane.support.AuditRecordContract;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The states of {@code contracts/audit-record.json}, which the plugin's {@code AuditState} is tested against too. */
final class TestAuditState {
    @Test
    void testTheStatesAreTheContract() {
        JsonNode contract = AuditRecordContract.read();
        assertThat(Arrays.stream(AuditState.values()).map(Enum::name))
                .containsExactlyElementsOf(contract.get("states")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList());
        for (AuditState state : AuditState.values()) {
            assertThat(AuditState.fromWire(state.name())).isEqualTo(state);
        }
        assertThat(AuditState.fromWire("RUNNING")).isNull();
        assertThat(AuditState.parse(" denied ")).contains(AuditState.DENIED);
    }
}

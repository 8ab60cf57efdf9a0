package io.nexusgateway.trino.plugin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

final class TestAuditState {
    @Test
    void testARefusalIsDeniedAnyOtherErrorFailed() {
        assertThat(AuditState.of(Optional.empty())).isEqualTo(AuditState.SUCCEEDED);
        assertThat(AuditState.of(Optional.of("PERMISSION_DENIED"))).isEqualTo(AuditState.DENIED);
        assertThat(AuditState.of(Optional.of("USER_CANCELED"))).isEqualTo(AuditState.FAILED);
    }
}

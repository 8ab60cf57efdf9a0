package io.nexusgateway.trino.plugin.audit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestAuditSpool {
    @TempDir
    Path directory;

    @Test
    void testKeepsArrivalOrderAndSurvivesReopening() throws IOException {
        AuditSpool spool = new AuditSpool(directory, 10);
        assertThat(spool.offer("q_2", 2000, json("q_2"))).isTrue();
        assertThat(spool.offer("q_1", 1000, json("q_1"))).isTrue();
        assertThat(spool.offer("q_3", 2000, json("q_3"))).isTrue();
        // a crash in the middle of a write leaves a temporary file: it is no record
        Files.writeString(directory.resolve(".half-written.tmp"), "{\"queryId\":");

        AuditSpool reopened = new AuditSpool(directory, 10);
        assertThat(reopened.size()).isEqualTo(3);
        assertThat(Files.exists(directory.resolve(".half-written.tmp"))).isFalse();
        List<AuditSpool.Spooled> batch = reopened.peek(2);
        assertThat(batch)
                .extracting(record -> new String(record.json(), UTF_8))
                .containsExactly(text("q_1"), text("q_2"));

        reopened.remove(batch);
        assertThat(reopened.size()).isEqualTo(1);
        assertThat(reopened.peek(10))
                .extracting(record -> new String(record.json(), UTF_8))
                .containsExactly(text("q_3"));
    }

    @Test
    void testRefusesRecordsWhenFull() throws IOException {
        AuditSpool spool = new AuditSpool(directory, 2);
        assertThat(spool.offer("a", 1, json("a"))).isTrue();
        assertThat(spool.offer("b", 2, json("b"))).isTrue();
        assertThat(spool.offer("c", 3, json("c"))).isFalse();
        assertThat(spool.size()).isEqualTo(2);
        spool.remove(spool.peek(1));
        assertThat(spool.offer("c", 3, json("c"))).isTrue();
    }

    @Test
    void testRejectedRecordsLeaveTheQueue() throws IOException {
        AuditSpool spool = new AuditSpool(directory, 5);
        spool.offer("bad", 1, json("bad"));
        spool.reject(spool.peek(5));
        assertThat(spool.size()).isZero();
        assertThat(spool.peek(5)).isEmpty();
        try (var rejected = Files.list(directory.resolve("rejected"))) {
            assertThat(rejected.count()).isEqualTo(1);
        }
    }

    private static byte[] json(String queryId) {
        return text(queryId).getBytes(UTF_8);
    }

    private static String text(String queryId) {
        return "{\"queryId\":\"" + queryId + "\"}";
    }
}

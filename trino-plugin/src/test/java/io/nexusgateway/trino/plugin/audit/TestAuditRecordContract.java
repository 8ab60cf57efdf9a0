package io.nexusgateway.trino.plugin.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the listener spools and posts is {@code contracts/audit-record.json}, field for field: the control plane's
 * tests store and show the same file, so a renamed or retyped field fails one side's test.
 */
final class TestAuditRecordContract {
    private static JsonNode contract(String name) throws IOException {
        return NexusAuditListener.JSON
                .readTree(Path.of("../contracts/audit-record.json").toFile())
                .get(name);
    }

    /** The bytes the listener spools, read back. */
    private static JsonNode spooled(AuditRecord record) throws IOException {
        return NexusAuditListener.JSON.readTree(NexusAuditListener.JSON.writeValueAsBytes(record));
    }

    /** The states the control plane's {@code AuditState} knows too: a state added on one side fails a test. */
    @Test
    void testTheStatesAreTheContract() throws IOException {
        List<String> states = new ArrayList<>();
        contract("states").forEach(state -> states.add(state.asText()));
        assertThat(Arrays.stream(AuditState.values()).map(Enum::name)).containsExactlyElementsOf(states);
        for (AuditState state : AuditState.values()) {
            assertThat(NexusAuditListener.JSON.writeValueAsString(state)).isEqualTo("\"" + state.name() + "\"");
        }
    }

    @Test
    void testACompleteRecordIsTheContract() throws IOException {
        AuditRecord record = new AuditRecord(
                "20260101_000000_00042_golde",
                Optional.of("alice/key/k-42"),
                "alice",
                Optional.of(AuditRecords.REST_API_SOURCE),
                AuditRecords.client(Optional.of(AuditRecords.REST_API_SOURCE)),
                Optional.of("dbeaver 24.1"),
                Optional.of("corr-42"),
                SecretRedactor.redact(
                        "INSERT INTO pg_hr.public.copy SELECT * FROM maria_sales.shop.orders WHERE note <> '***'"),
                Optional.of("INSERT"),
                AuditState.FAILED,
                Optional.of("EXCEEDED_TIME_LIMIT"),
                Optional.of("Query exceeded the maximum execution time limit of 1.00m"),
                List.of("maria_sales", "pg_hr"),
                List.of("maria_sales.shop.orders"),
                Optional.of("pg_hr.public.copy"),
                3,
                120,
                60_250,
                40,
                5,
                Instant.parse("2026-01-01T00:00:00.125Z"),
                Instant.parse("2026-01-01T00:01:00.375Z"));

        assertThat(spooled(record)).isEqualTo(contract("complete"));
    }

    @Test
    void testAMinimalRecordIsTheContract() throws IOException {
        AuditRecord record = new AuditRecord(
                "20260101_000000_00043_golde",
                Optional.empty(),
                "nexus-sync",
                Optional.empty(),
                AuditRecords.client(Optional.empty()),
                Optional.empty(),
                Optional.empty(),
                "SELECT version()",
                Optional.empty(),
                AuditState.SUCCEEDED,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                List.of(),
                Optional.empty(),
                0,
                0,
                0,
                0,
                0,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:01Z"));

        assertThat(spooled(record)).isEqualTo(contract("minimal"));
    }
}

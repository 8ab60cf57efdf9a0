package io.nexusgateway.controlplane.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code contracts/audit-record.json}, which the plugin's records serialize to: tests that post records start from
 * its minimal record, so a field renamed in the contract is renamed in them too.
 */
public final class AuditRecordContract {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditRecordContract() {}

    public static JsonNode read() {
        try {
            return JSON.readTree(Files.readString(Path.of("../contracts/audit-record.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the minimal record, to be given the fields a test needs. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> minimalRecord() {
        return new LinkedHashMap<>(JSON.convertValue(read().get("minimal"), Map.class));
    }

    /** The minimal record of this query and user; the rest (a successful {@code SELECT version()}) as it is. */
    public static Map<String, Object> minimalRecord(String queryId, String user) {
        Map<String, Object> record = minimalRecord();
        record.put("queryId", queryId);
        record.put("user", user);
        return record;
    }
}

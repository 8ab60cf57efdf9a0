package io.nexusgateway.trino.plugin.audit;

import io.trino.spi.eventlistener.QueryCompletedEvent;
import io.trino.spi.eventlistener.QueryContext;
import io.trino.spi.eventlistener.QueryFailureInfo;
import io.trino.spi.eventlistener.QueryInputMetadata;
import io.trino.spi.eventlistener.QueryOutputMetadata;
import io.trino.spi.eventlistener.QueryStatistics;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Turns Trino's completion event into an {@link AuditRecord}. */
final class AuditRecords {
    static final String REST_API_SOURCE = "nexus-rest-api";
    static final String CLI_SOURCE = "trino-cli";

    private AuditRecords() {}

    static AuditRecord from(QueryCompletedEvent event, Set<String> decidedCatalogs) {
        QueryContext context = event.getContext();
        QueryStatistics statistics = event.getStatistics();
        Optional<QueryFailureInfo> failure = event.getFailureInfo();
        Optional<String> errorCode = failure.map(info -> info.getErrorCode().getName());
        AuditState state = AuditState.of(errorCode);

        List<String> inputs = event.getIoMetadata().getInputs().stream()
                .map(AuditRecords::name)
                .distinct()
                .sorted()
                .toList();
        Optional<QueryOutputMetadata> output = event.getIoMetadata().getOutput();
        Set<String> catalogs = new TreeSet<>(decidedCatalogs);
        event.getIoMetadata().getInputs().forEach(input -> catalogs.add(input.getCatalogName()));
        output.ifPresent(table -> catalogs.add(table.getCatalogName()));

        return new AuditRecord(
                event.getMetadata().getQueryId(),
                context.getPrincipal(),
                context.getUser(),
                context.getSource(),
                client(context.getSource()),
                context.getClientInfo(),
                context.getTraceToken().filter(token -> !token.isBlank()).or(context::getClientInfo),
                SecretRedactor.redact(event.getMetadata().getQuery()),
                context.getQueryType().map(Enum::name),
                state,
                errorCode,
                failure.flatMap(QueryFailureInfo::getFailureMessage).map(SecretRedactor::redact),
                List.copyOf(catalogs),
                inputs,
                output.map(table -> table.getCatalogName() + "." + table.getSchema() + "." + table.getTable()),
                statistics.getOutputRows(),
                statistics.getOutputBytes(),
                statistics.getWallTime().toMillis(),
                statistics.getCpuTime().toMillis(),
                statistics.getQueuedTime().toMillis(),
                event.getCreateTime(),
                event.getEndTime());
    }

    /** REST_API, CLI, or the client's own name as its source reports it (e.g. trino-jdbc). */
    static String client(Optional<String> source) {
        if (source.isEmpty() || source.get().isBlank()) {
            return "unknown";
        }
        return switch (source.get()) {
            case REST_API_SOURCE -> "REST_API";
            case CLI_SOURCE -> "CLI";
            default -> source.get();
        };
    }

    private static String name(QueryInputMetadata input) {
        return input.getCatalogName() + "." + input.getSchema() + "." + input.getTable();
    }
}

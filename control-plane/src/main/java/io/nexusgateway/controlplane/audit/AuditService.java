package io.nexusgateway.controlplane.audit;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.datasource.DatasourceCatalog;
import io.nexusgateway.controlplane.datasource.DatasourceService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The audit trail's facade: stores what Trino's audit listener delivers (exactly once per query id, however often a
 * record is delivered) and answers searches, newest first.
 */
@Service
public class AuditService {
    public static final int MAX_PAGE_SIZE = 500;
    private static final Logger log = LoggerFactory.getLogger(AuditService.class);
    private static final Set<String> STATES =
            Set.of(QueryAuditRecord.SUCCEEDED, QueryAuditRecord.FAILED, QueryAuditRecord.DENIED);

    private final AuditRepository repository;
    private final DatasourceService datasources;
    private final Clock clock;

    AuditService(AuditRepository repository, DatasourceService datasources, Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.datasources = requireNonNull(datasources, "datasources is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Stores a batch from Trino; every record is checked first, so a malformed batch stores nothing. */
    public Delivery record(List<QueryAuditRecord> batch) {
        for (int i = 0; i < batch.size(); i++) {
            validate(i, batch.get(i));
        }
        int stored = repository.insertNew(batch, clock.instant());
        if (stored < batch.size()) {
            log.debug("{} of {} delivered audit records were already stored", batch.size() - stored, batch.size());
        }
        return new Delivery(batch.size(), stored);
    }

    public QueryAuditRecord get(String queryId) {
        return repository.find(queryId).orElseThrow(() -> AuditExceptions.notFound(queryId));
    }

    /**
     * @param datasource a datasource's name or catalog name
     * @param state {@code SUCCEEDED}, {@code FAILED} or {@code DENIED}, any case
     */
    public AuditPage search(
            @Nullable String user,
            @Nullable String datasource,
            @Nullable String state,
            @Nullable Instant from,
            @Nullable Instant to,
            @Nullable String correlationId,
            @Nullable String text,
            int page,
            int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw AuditExceptions.invalidFilter("page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
        }
        String normalizedState = state == null ? null : state.strip().toUpperCase(java.util.Locale.ROOT);
        if (normalizedState != null && !STATES.contains(normalizedState)) {
            throw AuditExceptions.invalidFilter("state must be one of SUCCEEDED, FAILED, DENIED");
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw AuditExceptions.invalidFilter("from must be before to");
        }
        AuditFilter filter = new AuditFilter(
                blankToNull(user),
                datasource == null || datasource.isBlank() ? null : catalogOf(datasource.strip()),
                normalizedState,
                from,
                to,
                blankToNull(correlationId),
                blankToNull(text));
        long total = repository.count(filter);
        // page * size overflows an int for pages far beyond the end, which have no rows anyway
        long offset = (long) page * size;
        List<QueryAuditRecord> items = offset >= total ? List.of() : repository.findPage(filter, offset, size);
        return new AuditPage(items, page, size, total, (int) ((total + size - 1) / size));
    }

    private String catalogOf(String datasource) {
        return datasources.catalogs().stream()
                .filter(catalog -> catalog.datasource().equals(datasource))
                .map(DatasourceCatalog::catalog)
                .findFirst()
                .orElse(datasource);
    }

    private static void validate(int index, QueryAuditRecord record) {
        require(index, record.queryId() != null && !record.queryId().isBlank(), "queryId is required");
        require(index, record.queryId().length() <= 128, "queryId is longer than 128 characters");
        require(index, record.user() != null && !record.user().isBlank(), "user is required");
        require(index, record.client() != null && !record.client().isBlank(), "client is required");
        require(index, record.query() != null, "query is required");
        require(index, record.state() != null && STATES.contains(record.state()), "state is not a known state");
        require(index, record.startTime() != null && record.endTime() != null, "startTime and endTime are required");
    }

    private static void require(int index, boolean condition, String detail) {
        if (!condition) {
            throw AuditExceptions.invalidRecord(index, detail);
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** How many records a delivery carried and how many were new. */
    public record Delivery(int received, int stored) {}
}

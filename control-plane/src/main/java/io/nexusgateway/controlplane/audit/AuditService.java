package io.nexusgateway.controlplane.audit;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.datasource.DatasourceCatalog;
import io.nexusgateway.controlplane.datasource.DatasourceService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail's facade: stores what Trino's audit listener delivers (exactly once per query id, however often a
 * record is delivered) and answers searches, newest first.
 */
@Service
public class AuditService {
    public static final int MAX_PAGE_SIZE = 500;
    private static final Logger log = LoggerFactory.getLogger(AuditService.class);

    private final AuditRepository repository;
    private final DatasourceService datasources;
    private final JsonMapper jsonMapper;
    private final Clock clock;

    AuditService(AuditRepository repository, DatasourceService datasources, JsonMapper jsonMapper, Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.jsonMapper = requireNonNull(jsonMapper, "jsonMapper is null");
        this.datasources = requireNonNull(datasources, "datasources is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Stores a batch from Trino record by record: the valid records are stored (each query id once, however often it
     * is delivered), and each refused one is reported by its index with the reason, and kept for admins
     * ({@link #rejections}). One bad record no longer costs its batch. The shape of the answer is fixed by
     * {@code contracts/audit-delivery.json}, which the plugin's tests read too.
     *
     * @param batch the JSON array Trino posted; anything else is refused as a whole
     */
    public Delivery record(JsonNode batch) {
        if (!batch.isArray()) {
            throw AuditExceptions.invalidBatch("The body must be a JSON array of audit records");
        }
        List<QueryAuditRecord> valid = new ArrayList<>(batch.size());
        List<Refusal> refused = new ArrayList<>();
        List<String> refusedUsers = new ArrayList<>();
        for (int index = 0; index < batch.size(); index++) {
            JsonNode node = batch.get(index);
            Optional<String> reason;
            QueryAuditRecord record = null;
            if (!node.isObject()) {
                reason = Optional.of("not a JSON object");
            } else {
                try {
                    record = jsonMapper.treeToValue(node, QueryAuditRecord.class);
                    reason = refusal(record);
                } catch (JacksonException e) {
                    reason = Optional.of(describe(e));
                }
            }
            if (reason.isPresent()) {
                refused.add(new Refusal(index, text(node, "queryId", 128), reason.get()));
                refusedUsers.add(text(node, "user", 256));
            } else {
                valid.add(requireNonNull(record));
            }
        }
        Instant now = clock.instant();
        int stored = repository.insertNew(valid, now);
        if (stored < valid.size()) {
            log.debug("{} of {} delivered audit records were already stored", valid.size() - stored, valid.size());
        }
        for (int i = 0; i < refused.size(); i++) {
            Refusal refusal = refused.get(i);
            repository.insertRejection(refusal.queryId(), refusedUsers.get(i), refusal.reason(), now);
            log.warn(
                    "Refused audit record {} of a batch of {} (query {}): {}",
                    refusal.index(),
                    batch.size(),
                    refusal.queryId(),
                    refusal.reason());
        }
        return new Delivery(batch.size(), stored, refused);
    }

    /**
     * Stores a record the control plane writes itself (an ETL job's outcome, or its refusal): the same trail as
     * Trino's queries, once per query id.
     */
    public void recordOwn(QueryAuditRecord record) {
        Optional<String> reason = refusal(record);
        if (reason.isPresent()) {
            throw new IllegalArgumentException("invalid audit record " + record.queryId() + ": " + reason.get());
        }
        repository.insertNew(List.of(record), clock.instant());
    }

    /** The audit records refused so far, newest first: what is missing from the trail, and why. */
    public AuditRejectionPage rejections(int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw AuditExceptions.invalidFilter("page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
        }
        long total = repository.countRejections();
        return new AuditRejectionPage(repository.findRejections((long) page * size, size), page, size, total, (int)
                ((total + size - 1) / size));
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
        AuditState wantedState = state == null
                ? null
                : AuditState.parse(state)
                        .orElseThrow(
                                () -> AuditExceptions.invalidFilter("state must be one of SUCCEEDED, FAILED, DENIED"));
        if (from != null && to != null && !from.isBefore(to)) {
            throw AuditExceptions.invalidFilter("from must be before to");
        }
        AuditFilter filter = new AuditFilter(
                blankToNull(user),
                datasource == null || datasource.isBlank() ? null : catalogOf(datasource.strip()),
                wantedState,
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

    /** Why a record cannot be stored, or empty if it can. */
    private static Optional<String> refusal(QueryAuditRecord record) {
        if (record.queryId() == null || record.queryId().isBlank()) {
            return Optional.of("queryId is required");
        }
        if (record.queryId().length() > 128) {
            return Optional.of("queryId is longer than 128 characters");
        }
        if (record.user() == null || record.user().isBlank()) {
            return Optional.of("user is required");
        }
        if (record.client() == null || record.client().isBlank()) {
            return Optional.of("client is required");
        }
        if (record.query() == null) {
            return Optional.of("query is required");
        }
        if (record.state() == null) {
            return Optional.of("state is not a known state");
        }
        if (record.startTime() == null || record.endTime() == null) {
            return Optional.of("startTime and endTime are required");
        }
        return Optional.empty();
    }

    /** Names the field that did not bind, never its value (which may be anything, of any size). */
    private static String describe(JacksonException e) {
        String field = e.getPath().stream()
                .map(reference -> reference.getPropertyName() != null
                        ? reference.getPropertyName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        if (field.isEmpty()) {
            return "not a valid audit record";
        }
        return (field.length() > 128 ? field.substring(0, 128) : field) + " has a value of the wrong type";
    }

    private static @Nullable String text(JsonNode node, String field, int maxLength) {
        JsonNode value = node.isObject() ? node.get(field) : null;
        if (value == null || !value.isString() || value.asString().isBlank()) {
            return null;
        }
        String text = value.asString();
        return text.length() > maxLength ? text.substring(0, maxLength) : text;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * The answer to a delivery.
     *
     * @param received records in the batch
     * @param stored records stored now (the others of the batch are stored already, or refused)
     * @param rejected the refused records, by index in the batch: the sender sets aside these, and only these
     */
    public record Delivery(int received, int stored, List<Refusal> rejected) {
        public Delivery {
            rejected = List.copyOf(rejected);
        }
    }

    /**
     * @param index the record's position in the batch, from 0
     * @param queryId the record's query id, if it had one
     * @param reason why it was refused
     */
    public record Refusal(int index, @Nullable String queryId, String reason) {
        public Refusal {
            requireNonNull(reason, "reason is null");
        }
    }
}

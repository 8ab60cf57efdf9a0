package io.nexusgateway.controlplane.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.datasource.DatasourceService;
import io.nexusgateway.controlplane.datasource.DatasourceStatus;
import io.nexusgateway.controlplane.datasource.GrantService;
import io.nexusgateway.controlplane.datasource.JobDatasource;
import io.nexusgateway.controlplane.identity.Caller;
import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import io.nexusgateway.engines.Engine;
import io.nexusgateway.engines.EngineTable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;

/**
 * The job API: checks a job (fields, grants, a writable target, the user's limit), asks Trino what it reads, routes
 * it, creates the target and stores it {@link JobState#SUBMITTED}; the {@link JobSupervisor} puts it on its engine.
 * Nothing runs for a refused job, and every refusal of access is in the audit trail.
 */
public class JobService {
    static final int MAX_PAGE_SIZE = 200;
    private static final int MAX_NAME_LENGTH = 200;
    private static final int MAX_IDENTIFIER_LENGTH = 256;

    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    private final JobRepository repository;
    private final DatasourceService datasources;
    private final GrantService grants;
    private final JobPlanner planner;
    private final JobRouter router;
    private final JobEngines engines;
    private final JobAuditor auditor;
    private final JobSupervisor supervisor;
    private final NexusProperties.Jobs settings;
    private final int maxSqlLength;
    private final Clock clock;

    JobService(
            JobRepository repository,
            DatasourceService datasources,
            GrantService grants,
            JobPlanner planner,
            JobRouter router,
            JobEngines engines,
            JobAuditor auditor,
            JobSupervisor supervisor,
            NexusProperties.Jobs settings,
            int maxSqlLength,
            Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.datasources = requireNonNull(datasources, "datasources is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.planner = requireNonNull(planner, "planner is null");
        this.router = requireNonNull(router, "router is null");
        this.engines = requireNonNull(engines, "engines is null");
        this.auditor = requireNonNull(auditor, "auditor is null");
        this.supervisor = requireNonNull(supervisor, "supervisor is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.maxSqlLength = maxSqlLength;
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The job created, or the one an earlier POST with the same idempotency key created ({@code created} false). */
    record Submitted(JobView job, boolean created) {}

    Submitted submit(Caller caller, JobRequest request, @Nullable String headerKey, String correlationId) {
        String user = caller.username();
        String key = idempotencyKey(request.idempotencyKey(), headerKey);
        Checked checked = check(request);
        if (key != null) {
            Optional<JobRow> existing = repository.findByIdempotencyKey(user, key);
            if (existing.isPresent()) {
                return replay(existing.get(), checked.fingerprint());
            }
        }
        String targetName = checked.target().datasource() + "."
                + checked.target().schema() + "." + checked.target().table();
        try {
            int active = repository.countActive(user);
            if (active >= settings.maxActivePerUser()) {
                throw JobException.limitReached(settings.maxActivePerUser());
            }
            JobDatasource target =
                    datasource("target.datasource", checked.target().datasource());
            requireGranted(caller, target);
            if (!target.writable()) {
                throw JobException.targetReadOnly(target.name());
            }
            requireActive("target.datasource", target);
            String query;
            JobKind kind;
            if (checked.source() != null) {
                JobDatasource source =
                        datasource("source.datasource", checked.source().datasource());
                requireGranted(caller, source);
                requireActive("source.datasource", source);
                query = "SELECT * FROM "
                        + new EngineTable(
                                        source.catalog(),
                                        checked.source().schema(),
                                        checked.source().table(),
                                        List.of())
                                .quotedName();
                kind = JobKind.COPY;
            } else {
                query = requireNonNull(checked.sql());
                kind = JobKind.QUERY;
            }
            String wrapped = JobPlanner.wrap(query);
            List<JobPlanner.Input> inputs = planner.inputs(user, wrapped, correlationId);
            Set<String> names = new TreeSet<>();
            names.add(target.name());
            List<String> trinoOnly = new ArrayList<>();
            List<String> unestimated = new ArrayList<>();
            long bytes = 0;
            Set<String> seenCatalogs = new LinkedHashSet<>();
            for (JobPlanner.Input input : inputs) {
                JobDatasource datasource = datasources
                        .jobDatasourceByCatalog(input.catalog())
                        .orElseThrow(
                                () -> JobException.invalid(
                                        checked.source() != null ? "source" : "sql",
                                        "The job reads " + input.qualifiedName()
                                                + ", which is not a registered datasource: jobs read registered datasources only"));
                requireGranted(caller, datasource);
                names.add(datasource.name());
                if (datasource.connection().isEmpty() && seenCatalogs.add(datasource.catalog())) {
                    trinoOnly.add(datasource.catalog());
                }
                if (input.estimatedBytes().isPresent()) {
                    bytes += input.estimatedBytes().getAsLong();
                } else {
                    unestimated.add(input.qualifiedName());
                }
            }
            if (target.connection().isEmpty()) {
                trinoOnly.add(target.catalog());
            }
            JobRouter.Decision decision = router.route(
                    new JobRouter.Job(
                            user,
                            caller.groups(),
                            kind,
                            checked.streaming(),
                            checked.engine(),
                            names,
                            unestimated.isEmpty() ? OptionalLong.of(bytes) : OptionalLong.empty(),
                            unestimated),
                    engines.available(),
                    List.copyOf(new TreeSet<>(trinoOnly)));
            EngineTable targetTable = new EngineTable(
                    target.catalog(),
                    checked.target().schema(),
                    checked.target().table(),
                    List.of());
            planner.createTarget(user, targetTable, wrapped, correlationId);
            Instant now = clock.instant();
            UUID id = UUID.randomUUID();
            JobRow row = new JobRow(
                    id,
                    checked.name() == null ? "job-" + id.toString().substring(0, 8) : checked.name(),
                    user,
                    key,
                    checked.fingerprint(),
                    kind,
                    wrapped,
                    target.catalog(),
                    checked.target().schema(),
                    checked.target().table(),
                    checked.writeMode(),
                    checked.streaming(),
                    inputs.stream().map(JobPlanner.Input::qualifiedName).toList(),
                    checked.engine(),
                    decision.engine(),
                    decision.reason(),
                    // the way of running the engine the job asked for, unless a rule sent it elsewhere
                    decision.engine() == checked.engine() ? checked.adapter() : null,
                    JobState.SUBMITTED,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    false,
                    now,
                    null,
                    null,
                    null,
                    now,
                    0);
            try {
                repository.insert(row);
            } catch (DuplicateKeyException e) {
                // a concurrent retry with the same key was first
                JobRow existing = repository
                        .findByIdempotencyKey(user, requireNonNull(key))
                        .orElseThrow(() -> e);
                return replay(existing, checked.fingerprint());
            }
            log.info("Job {} of {} routed: {}", id, user, decision.reason());
            supervisor.wake();
            return new Submitted(JobViews.of(row, targetDatasourceName(row)), true);
        } catch (NexusException e) {
            if (e.problemType().status().value() == 403 || e.problemType() == ProblemType.JOB_LIMIT_REACHED) {
                auditor.denied(user, checked.sql(), targetName, e.problemType().code(), e.getMessage());
            }
            throw e;
        }
    }

    JobView get(Caller caller, UUID id) {
        JobRow row = visible(caller, id);
        return JobViews.of(row, targetDatasourceName(row));
    }

    JobPage list(
            Caller caller,
            @Nullable String owner,
            @Nullable String state,
            @Nullable String engine,
            int page,
            int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw JobException.invalid("size", "page must be >= 0 and size between 1 and " + MAX_PAGE_SIZE);
        }
        if ((long) page * size > Integer.MAX_VALUE) {
            throw JobException.invalid("page", "page is too large");
        }
        JobState stateFilter = state == null ? null : enumValue(JobState.class, "state", state);
        Engine engineFilter = engine == null ? null : engine(engine);
        String ownerFilter = caller.isAdmin() ? owner : caller.username();
        JobRepository.JobFilter filter = new JobRepository.JobFilter(ownerFilter, stateFilter, engineFilter);
        List<JobView> jobs = repository.find(filter, page, size).stream()
                .map(row -> JobViews.of(row, targetDatasourceName(row)))
                .toList();
        long total = repository.count(filter);
        return new JobPage(jobs, page, size, total, (int) ((total + size - 1) / size));
    }

    JobView cancel(Caller caller, UUID id) {
        JobRow row = visible(caller, id);
        if (row.state().isTerminal()) {
            throw JobException.ended(id, row.state());
        }
        JobRow cancelled = supervisor.requestCancel(row);
        return JobViews.of(cancelled, targetDatasourceName(cancelled));
    }

    List<String> logs(Caller caller, UUID id, int maxLines) {
        if (maxLines < 1 || maxLines > 10_000) {
            throw JobException.invalid("lines", "lines must be between 1 and 10000");
        }
        return supervisor.logs(visible(caller, id), maxLines);
    }

    private JobRow visible(Caller caller, UUID id) {
        JobRow row = repository.findById(id).orElseThrow(() -> JobException.notFound(id));
        if (!caller.isAdmin() && !row.owner().equals(caller.username())) {
            // another user's job does not exist for this caller
            throw JobException.notFound(id);
        }
        return row;
    }

    private String targetDatasourceName(JobRow row) {
        return datasources
                .jobDatasourceByCatalog(row.targetCatalog())
                .map(JobDatasource::name)
                .orElse(row.targetCatalog());
    }

    private Submitted replay(JobRow existing, String fingerprint) {
        if (!existing.requestFingerprint().equals(fingerprint)) {
            throw JobException.idempotencyKeyReused();
        }
        return new Submitted(JobViews.of(existing, targetDatasourceName(existing)), false);
    }

    private JobDatasource datasource(String field, String name) {
        return datasources
                .jobDatasourceByName(name)
                .or(() -> datasources.jobDatasourceByCatalog(name))
                .orElseThrow(() -> JobException.datasourceNotFound(field, name));
    }

    private void requireGranted(Caller caller, JobDatasource datasource) {
        if (!grants.canUse(caller, datasource.id())) {
            throw JobException.notGranted(datasource.name());
        }
    }

    private static void requireActive(String field, JobDatasource datasource) {
        if (datasource.status() != DatasourceStatus.ACTIVE) {
            throw JobException.invalid(field, "Datasource '" + datasource.name() + "' is not active");
        }
    }

    /** The request's fields, checked, and a fingerprint of them for idempotent retries. */
    private record Checked(
            @Nullable String name,
            @Nullable String sql,
            JobRequest.@Nullable TableRef source,
            JobRequest.TableRef target,
            String writeMode,
            @Nullable Engine engine,
            @Nullable String adapter,
            boolean streaming,
            String fingerprint) {}

    private Checked check(JobRequest request) {
        String name = request.name();
        if (name != null && (name.isBlank() || name.length() > MAX_NAME_LENGTH || hasControl(name))) {
            throw JobException.invalid(
                    "name", "name must be 1 to " + MAX_NAME_LENGTH + " characters without control characters");
        }
        String sql = request.sql();
        JobRequest.TableRef source = request.source();
        if ((sql == null) == (source == null)) {
            throw JobException.invalid("sql", "Send either sql (a query) or source (a table to copy), not both");
        }
        if (sql != null) {
            if (sql.isBlank()) {
                throw JobException.invalid("sql", "sql is empty");
            }
            if (sql.length() > maxSqlLength) {
                throw new NexusException(
                        ProblemType.SQL_TOO_LONG,
                        "The statement has " + sql.length() + " characters; at most " + maxSqlLength + " are accepted",
                        java.util.Map.of("maxLength", maxSqlLength, "field", "sql"));
            }
            sql = stripTrailingSemicolons(sql);
        }
        if (source != null) {
            checkTable("source", source);
        }
        JobRequest.TableRef target = request.target();
        if (target == null) {
            throw JobException.invalid("target", "target (datasource, schema, table) is required");
        }
        checkTable("target", target);
        String writeMode = request.writeMode() == null
                ? "append"
                : switch (request.writeMode().toLowerCase(Locale.ROOT)) {
                    case "append" -> "append";
                    case "overwrite" -> "overwrite";
                    default -> throw JobException.invalid("writeMode", "writeMode must be append or overwrite");
                };
        // an engine (spark), or one way of running it (spark-connect)
        String adapter = request.engine() == null
                ? null
                : engines.engineOf(request.engine()).isPresent() ? request.engine() : null;
        Engine engine = request.engine() == null
                ? null
                : adapter != null ? engines.engineOf(adapter).orElseThrow() : engine(request.engine());
        boolean streaming = Boolean.TRUE.equals(request.streaming());
        String canonical = String.join(
                "\u0000",
                String.valueOf(name),
                String.valueOf(sql),
                source == null ? "" : source.datasource() + "." + source.schema() + "." + source.table(),
                target.datasource() + "." + target.schema() + "." + target.table(),
                writeMode,
                String.valueOf(engine) + "/" + adapter,
                Boolean.toString(streaming));
        return new Checked(name, sql, source, target, writeMode, engine, adapter, streaming, sha256(canonical));
    }

    private static void checkTable(String field, JobRequest.TableRef table) {
        checkIdentifier(field + ".datasource", table.datasource());
        checkIdentifier(field + ".schema", table.schema());
        checkIdentifier(field + ".table", table.table());
    }

    private static void checkIdentifier(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw JobException.invalid(field, field + " is required");
        }
        if (value.length() > MAX_IDENTIFIER_LENGTH || hasControl(value)) {
            throw JobException.invalid(
                    field,
                    field + " must be at most " + MAX_IDENTIFIER_LENGTH + " characters without control characters");
        }
    }

    private static @Nullable String idempotencyKey(@Nullable String body, @Nullable String header) {
        if (body != null && header != null && !body.equals(header)) {
            throw JobException.invalid("idempotencyKey", "The Idempotency-Key header and idempotencyKey differ");
        }
        String key = body != null ? body : header;
        if (key != null && (key.isBlank() || key.length() > 200 || hasControl(key))) {
            throw JobException.invalid(
                    "idempotencyKey", "idempotencyKey must be 1 to 200 characters without control characters");
        }
        return key;
    }

    static Engine engine(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "trino" -> Engine.TRINO;
            case "spark" -> Engine.SPARK;
            case "flink" -> Engine.FLINK;
            default -> throw JobException.unknownEngine();
        };
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw JobException.invalid(
                    field, field + " is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static boolean hasControl(String value) {
        return value.codePoints()
                .anyMatch(c -> Character.isISOControl(c)
                        || Character.getType(c) == Character.SURROGATE
                        || Character.getType(c) == Character.UNASSIGNED);
    }

    private static String stripTrailingSemicolons(String sql) {
        String trimmed = sql.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return trimmed;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A page of jobs. */
    record JobPage(List<JobView> items, int page, int size, long totalItems, int totalPages) {}
}

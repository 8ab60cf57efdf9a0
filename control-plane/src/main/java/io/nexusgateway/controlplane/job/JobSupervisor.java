package io.nexusgateway.controlplane.job;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.datasource.DatasourceService;
import io.nexusgateway.controlplane.datasource.JobDatasource;
import io.nexusgateway.controlplane.secret.SecretRedactor;
import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.engines.CredentialTicket;
import io.nexusgateway.engines.CredentialTickets;
import io.nexusgateway.engines.Engine;
import io.nexusgateway.engines.EngineAdapter;
import io.nexusgateway.engines.EngineDatasource;
import io.nexusgateway.engines.EngineException;
import io.nexusgateway.engines.EngineHandle;
import io.nexusgateway.engines.EngineJob;
import io.nexusgateway.engines.EngineJobState;
import io.nexusgateway.engines.EngineStatus;
import io.nexusgateway.engines.EngineTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts stored jobs on their engines and follows them there, from the metadata store: one thread that sleeps while no
 * job is active (an idle Nexus stays idle) and otherwise asks each active job's engine for its state every
 * {@code poll-interval}. After a restart it finds every active job again by its stored handle; a job stored but
 * without a handle (the control plane died while submitting) is first looked for on its engine by its id, and
 * submitted only if the engine has never seen it, so no job runs twice. A job whose engine lost it fails with that
 * reason; one whose engine stays unreachable for {@code unreachable-timeout} fails too: none stays RUNNING forever.
 */
public final class JobSupervisor implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(JobSupervisor.class);

    private final JobRepository repository;
    private final JobEngines engines;
    private final DatasourceService datasources;
    private final JobPlanner planner;
    private final CredentialTickets tickets;
    private final JobAuditor auditor;
    private final JsonMapper json;
    private final NexusProperties.Jobs settings;
    private final Clock clock;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean wakeRequested;
    private volatile boolean running;
    private @Nullable Thread thread;
    // made by start(): Spring stops and starts lifecycle beans again (context.stop()/start(), a paused test context)
    private volatile @Nullable ExecutorService submitter;
    // jobs being submitted now, and jobs whose submission this process has tried: a retry looks on the engine first
    private final Set<UUID> submitting = ConcurrentHashMap.newKeySet();
    private final Set<UUID> attempted = ConcurrentHashMap.newKeySet();
    private final Set<UUID> cancelSent = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Instant> unreachableSince = new ConcurrentHashMap<>();
    private final Map<UUID, CredentialTicket> ticketsByJob = new ConcurrentHashMap<>();
    // jobs stored before this process started were perhaps submitted by the one before it
    private final Instant processStart = Instant.now();

    JobSupervisor(
            JobRepository repository,
            JobEngines engines,
            DatasourceService datasources,
            JobPlanner planner,
            CredentialTickets tickets,
            JobAuditor auditor,
            JsonMapper json,
            NexusProperties.Jobs settings,
            Clock clock) {
        this.repository = requireNonNull(repository, "repository is null");
        this.engines = requireNonNull(engines, "engines is null");
        this.datasources = requireNonNull(datasources, "datasources is null");
        this.planner = requireNonNull(planner, "planner is null");
        this.tickets = requireNonNull(tickets, "tickets is null");
        this.auditor = requireNonNull(auditor, "auditor is null");
        this.json = requireNonNull(json, "json is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Makes the supervisor look at the jobs now (a job was stored or cancelled). */
    void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Records the cancel request; a job not yet on its engine ends at once, one on its engine when it says so. */
    JobRow requestCancel(JobRow row) {
        for (int attempt = 0; attempt < 5; attempt++) {
            JobRow current = repository.findById(row.id()).orElseThrow(() -> JobException.notFound(row.id()));
            if (current.state().isTerminal()) {
                throw JobException.ended(current.id(), current.state());
            }
            JobRow requested = current.engineHandle() == null && !submitting.contains(current.id())
                    ? ended(current, JobState.CANCELLED, "CANCELLED", "cancelled before it reached its engine", true)
                    : copy(current, null);
            if (repository.update(requested)) {
                if (requested.state().isTerminal()) {
                    finished(requested);
                }
                wake();
                return requested;
            }
        }
        throw new IllegalStateException("job " + row.id() + " changes too often to be cancelled now");
    }

    /** The engine's log lines of the job, redacted. */
    List<String> logs(JobRow row, int maxLines) {
        if (row.engineHandle() == null || row.adapter() == null) {
            return List.of();
        }
        EngineAdapter adapter = engines.byName(row.adapter()).orElse(null);
        if (adapter == null) {
            return List.of("the engine adapter " + row.adapter() + " is not enabled here");
        }
        try {
            return adapter.logs(handle(row.engineHandle()), maxLines).stream()
                    .map(SecretRedactor::redact)
                    .toList();
        } catch (EngineException e) {
            return List.of("the engine cannot be reached for logs: " + SecretRedactor.redact(e.getMessage()));
        }
    }

    @Override
    public void start() {
        submitter = Executors.newFixedThreadPool(
                2, Thread.ofPlatform().daemon().name("job-submit-", 0).factory());
        running = true;
        Thread worker = Thread.ofPlatform().daemon().name("job-supervisor").unstarted(this::run);
        thread = worker;
        worker.start();
    }

    @Override
    public void stop() {
        running = false;
        wake();
        ExecutorService pool = submitter;
        if (pool != null) {
            pool.shutdownNow();
        }
        Thread worker = thread;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            boolean active;
            try {
                active = pass();
            } catch (RuntimeException e) {
                // the metadata store may be down: try again at the next interval
                log.warn("Cannot follow the jobs now: {}", e.getMessage());
                active = true;
            }
            await(active ? settings.pollInterval() : null);
        }
    }

    // one look at every active job; false when there is none
    private boolean pass() {
        List<JobRow> active = repository.findActive();
        for (JobRow row : active) {
            if (!running) {
                break;
            }
            try {
                step(row);
            } catch (RuntimeException e) {
                log.warn("Cannot follow job {}: {}", row.id(), e.getMessage());
            }
        }
        return !active.isEmpty();
    }

    private void await(@Nullable Duration timeout) {
        lock.lock();
        try {
            if (!wakeRequested) {
                if (timeout == null) {
                    woken.await();
                } else {
                    woken.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
            wakeRequested = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private void step(JobRow row) {
        if (row.engineHandle() == null) {
            if (submitting.contains(row.id())) {
                return;
            }
            if (row.cancelRequested()) {
                store(ended(row, JobState.CANCELLED, "CANCELLED", "cancelled before it reached its engine", true));
                return;
            }
            Optional<EngineAdapter> adapter =
                    row.adapter() != null ? engines.byName(row.adapter()) : engines.forEngine(row.engine());
            if (adapter.isEmpty()) {
                store(ended(
                        row, JobState.FAILED, "ENGINE_NOT_ENABLED", row.engine().wireName() + " is not enabled", true));
                return;
            }
            ExecutorService pool = submitter;
            if (pool == null || pool.isShutdown()) {
                return;
            }
            submitting.add(row.id());
            try {
                pool.execute(() -> {
                    try {
                        submit(row, adapter.get());
                    } finally {
                        submitting.remove(row.id());
                        wake();
                    }
                });
            } catch (RejectedExecutionException e) {
                // stopping: the next start looks at the job again
                submitting.remove(row.id());
            }
            return;
        }
        EngineAdapter adapter =
                row.adapter() == null ? null : engines.byName(row.adapter()).orElse(null);
        if (adapter == null) {
            store(ended(
                    row,
                    JobState.FAILED,
                    "ENGINE_NOT_ENABLED",
                    "the engine adapter " + row.adapter() + " that runs the job is not enabled any more",
                    true));
            return;
        }
        EngineHandle handle = handle(row.engineHandle());
        try {
            if (row.cancelRequested() && cancelSent.add(row.id())) {
                adapter.cancel(handle);
            }
            EngineStatus status = adapter.status(handle);
            unreachableSince.remove(row.id());
            store(advance(row, status));
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.REJECTED) {
                store(ended(row, JobState.FAILED, "ENGINE_ERROR", e.getMessage(), false));
                return;
            }
            unreachable(row, e);
        }
    }

    private void submit(JobRow row, EngineAdapter adapter) {
        try {
            if (!attempted.add(row.id()) || row.createdAt().isBefore(processStart)) {
                // tried before (by this process, or by one that died): the engine may have it already
                Optional<EngineHandle> found = adapter.find(row.id(), row.owner());
                if (found.isPresent()) {
                    log.info(
                            "Job {} found on {} as {}: re-attached",
                            row.id(),
                            adapter.name(),
                            found.get().engineJobId());
                    store(submitted(row, adapter, found.get()));
                    return;
                }
            }
            EngineJob job = engineJob(row, adapter.engine());
            EngineHandle handle;
            try {
                handle = adapter.submit(job);
            } catch (RuntimeException e) {
                tickets.revoke(job.credentials());
                throw e;
            }
            ticketsByJob.put(row.id(), job.credentials());
            log.info("Job {} submitted to {} as {}", row.id(), adapter.name(), handle.engineJobId());
            store(submitted(row, adapter, handle));
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.REJECTED) {
                store(ended(row, JobState.FAILED, "ENGINE_REJECTED", e.getMessage(), false));
            } else {
                unreachable(row, e);
            }
        } catch (NexusException e) {
            store(ended(row, JobState.FAILED, e.problemType().code(), e.getMessage(), false));
        } catch (RuntimeException e) {
            log.warn("Cannot submit job {}", row.id(), e);
            store(ended(row, JobState.FAILED, "SUBMIT_FAILED", String.valueOf(e.getMessage()), false));
        }
    }

    private EngineJob engineJob(JobRow row, Engine engine) {
        String correlationId = row.id().toString();
        Map<String, EngineDatasource> byCatalog = new HashMap<>();
        Map<String, String> passwords = new HashMap<>();
        Set<String> catalogs = new LinkedHashSet<>();
        List<EngineTable> inputs = new ArrayList<>();
        for (String input : row.inputs()) {
            String[] parts = input.split("\\.", 3);
            catalogs.add(parts[0]);
            List<EngineTable.Column> columns = engine == Engine.TRINO
                    ? List.of()
                    : planner.columns(row.owner(), "SELECT * FROM " + quoted(parts), correlationId);
            inputs.add(new EngineTable(parts[0], parts[1], parts[2], columns));
        }
        catalogs.add(row.targetCatalog());
        String[] target = {row.targetCatalog(), row.targetSchema(), row.targetTable()};
        List<EngineTable.Column> targetColumns = engine == Engine.TRINO
                ? List.of()
                : planner.columns(row.owner(), "SELECT * FROM " + quoted(target), correlationId);
        for (String catalog : catalogs) {
            JobDatasource datasource = datasources
                    .jobDatasourceByCatalog(catalog)
                    .orElseThrow(() -> new IllegalStateException("datasource of catalog " + catalog + " is gone"));
            byCatalog.put(
                    catalog,
                    new EngineDatasource(
                            catalog,
                            datasource.type(),
                            datasource.connection(),
                            datasource.writable(),
                            datasource.hasPassword()));
            if (engine != Engine.TRINO) {
                datasources.jobPassword(datasource.id()).ifPresent(password -> passwords.put(catalog, password));
            }
        }
        return new EngineJob(
                row.id(),
                row.owner(),
                inputs,
                row.query(),
                new EngineTable(row.targetCatalog(), row.targetSchema(), row.targetTable(), targetColumns),
                row.writeMode().equals("overwrite") ? EngineJob.WriteMode.OVERWRITE : EngineJob.WriteMode.APPEND,
                byCatalog,
                row.streaming(),
                tickets.issue(passwords, settings.ticketLifetime()));
    }

    private static String quoted(String[] parts) {
        return new EngineTable(parts[0], parts[1], parts[2], List.of()).quotedName();
    }

    private JobRow submitted(JobRow row, EngineAdapter adapter, EngineHandle handle) {
        JobRow current = repository.findById(row.id()).orElse(row);
        return copy(
                current,
                new Changes(
                        JobState.QUEUED,
                        adapter.name(),
                        handle.engineJobId(),
                        encode(handle),
                        handle.uiUrl().orElse(null),
                        current.progressPercent(),
                        current.rowsWritten(),
                        current.bytesRead(),
                        null,
                        null,
                        current.cancelRequested(),
                        clock.instant(),
                        current.startedAt(),
                        null));
    }

    private JobRow advance(JobRow row, EngineStatus status) {
        JobState next = JobState.of(status.state());
        if (row.cancelRequested() && status.state() == EngineJobState.LOST) {
            // engines cancelled by deleting the job (the Kubernetes operators') forget it: that is the cancel done
            next = JobState.CANCELLED;
        }
        if (next != row.state() && !row.state().canMoveTo(next)) {
            log.warn("Job {}: {} reported {} after {}; kept", row.id(), status.state(), next, row.state());
            next = row.state();
        }
        Instant now = clock.instant();
        Instant started =
                row.startedAt() == null && (next == JobState.RUNNING || next.isTerminal()) ? now : row.startedAt();
        String code = null;
        String message = null;
        if (next == JobState.FAILED) {
            code = switch (status.state()) {
                case LOST -> "ENGINE_LOST";
                default -> "ENGINE_FAILED";
            };
            message = SecretRedactor.redact(status.message().orElse("the engine reported the job failed"));
        } else if (next == JobState.CANCELLED && status.state() == EngineJobState.LOST) {
            code = "CANCELLED";
            message = "cancelled: the engine deleted the job";
        } else if (next == JobState.CANCELLED) {
            code = "CANCELLED";
            message = status.message().map(SecretRedactor::redact).orElse("cancelled");
        }
        EngineHandle handle = status.handle();
        return copy(
                row,
                new Changes(
                        next,
                        row.adapter(),
                        handle.engineJobId(),
                        encode(handle),
                        handle.uiUrl().orElse(row.uiUrl()),
                        // boxed: a conditional of double and a null Double would unbox the null
                        status.progressPercent().isPresent()
                                ? Double.valueOf(status.progressPercent().getAsDouble())
                                : row.progressPercent(),
                        status.rows().isPresent() ? Long.valueOf(status.rows().getAsLong()) : row.rowsWritten(),
                        status.bytes().isPresent() ? Long.valueOf(status.bytes().getAsLong()) : row.bytesRead(),
                        code,
                        message,
                        row.cancelRequested(),
                        row.submittedAt(),
                        started,
                        next.isTerminal() ? now : null));
    }

    private void unreachable(JobRow row, EngineException e) {
        Instant now = clock.instant();
        Instant since = unreachableSince.computeIfAbsent(row.id(), id -> now);
        log.info("Job {}: its engine cannot be reached since {}: {}", row.id(), since, e.getMessage());
        if (Duration.between(since, now).compareTo(settings.unreachableTimeout()) >= 0) {
            store(ended(
                    row,
                    JobState.FAILED,
                    "ENGINE_UNREACHABLE",
                    "the engine could not be reached for " + settings.unreachableTimeout() + ": " + e.getMessage(),
                    false));
        }
    }

    private JobRow ended(JobRow row, JobState state, String code, String message, boolean beforeSubmit) {
        Instant now = clock.instant();
        return copy(
                row,
                new Changes(
                        state,
                        row.adapter(),
                        row.engineJobId(),
                        row.engineHandle(),
                        row.uiUrl(),
                        row.progressPercent(),
                        row.rowsWritten(),
                        row.bytesRead(),
                        code,
                        SecretRedactor.redact(message),
                        row.cancelRequested(),
                        row.submittedAt(),
                        row.startedAt() == null && !beforeSubmit ? now : row.startedAt(),
                        now));
    }

    // stores a change; a concurrent writer (a cancel request) wins and the next pass looks again
    private void store(JobRow changed) {
        if (!repository.update(changed)) {
            wake();
            return;
        }
        if (changed.state().isTerminal()) {
            finished(changed);
        }
    }

    private void finished(JobRow job) {
        log.info(
                "Job {} ended {}{}",
                job.id(),
                job.state(),
                job.errorMessage() == null ? "" : ": " + job.errorMessage());
        CredentialTicket ticket = ticketsByJob.remove(job.id());
        if (ticket != null) {
            tickets.revoke(ticket);
        }
        unreachableSince.remove(job.id());
        cancelSent.remove(job.id());
        attempted.remove(job.id());
        auditor.ended(job);
    }

    /** What a step changes; the rest of the row stays. */
    private record Changes(
            JobState state,
            @Nullable String adapter,
            @Nullable String engineJobId,
            @Nullable String engineHandle,
            @Nullable String uiUrl,
            @Nullable Double progressPercent,
            @Nullable Long rowsWritten,
            @Nullable Long bytesRead,
            @Nullable String errorCode,
            @Nullable String errorMessage,
            boolean cancelRequested,
            @Nullable Instant submittedAt,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt) {}

    private JobRow copy(JobRow row, @Nullable Changes changes) {
        Instant now = clock.instant();
        if (changes == null) {
            // the cancel request alone
            changes = new Changes(
                    row.state(),
                    row.adapter(),
                    row.engineJobId(),
                    row.engineHandle(),
                    row.uiUrl(),
                    row.progressPercent(),
                    row.rowsWritten(),
                    row.bytesRead(),
                    row.errorCode(),
                    row.errorMessage(),
                    true,
                    row.submittedAt(),
                    row.startedAt(),
                    row.finishedAt());
        }
        return new JobRow(
                row.id(),
                row.name(),
                row.owner(),
                row.idempotencyKey(),
                row.requestFingerprint(),
                row.kind(),
                row.query(),
                row.targetCatalog(),
                row.targetSchema(),
                row.targetTable(),
                row.writeMode(),
                row.streaming(),
                row.inputs(),
                row.requestedEngine(),
                row.engine(),
                row.routingReason(),
                changes.adapter(),
                changes.state(),
                changes.engineJobId(),
                changes.engineHandle(),
                changes.uiUrl(),
                changes.progressPercent(),
                changes.rowsWritten(),
                changes.bytesRead(),
                changes.errorCode(),
                changes.errorMessage(),
                changes.cancelRequested(),
                row.createdAt(),
                changes.submittedAt(),
                changes.startedAt(),
                changes.finishedAt(),
                now,
                row.version() + 1);
    }

    private String encode(EngineHandle handle) {
        ObjectNode node = json.createObjectNode();
        node.put("adapter", handle.adapter());
        node.put("engineJobId", handle.engineJobId());
        ObjectNode attributes = node.putObject("attributes");
        handle.attributes().forEach(attributes::put);
        handle.uiUrl().ifPresent(url -> node.put("uiUrl", url));
        return json.writeValueAsString(node);
    }

    private EngineHandle handle(String encoded) {
        JsonNode node = json.readTree(encoded);
        Map<String, String> attributes = new HashMap<>();
        node.path("attributes")
                .properties()
                .forEach(
                        entry -> attributes.put(entry.getKey(), entry.getValue().asString()));
        JsonNode uiUrl = node.path("uiUrl");
        return new EngineHandle(
                node.path("adapter").asString(),
                node.path("engineJobId").asString(),
                attributes,
                uiUrl.isString() ? Optional.of(uiUrl.asString()) : Optional.empty());
    }
}

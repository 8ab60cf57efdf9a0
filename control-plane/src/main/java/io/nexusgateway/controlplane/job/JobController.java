package io.nexusgateway.controlplane.job;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.identity.Callers;
import io.nexusgateway.controlplane.web.CorrelationIdFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(
        name = "Jobs",
        description = "ETL jobs: a query or a table copied into a writable datasource, on Trino, Spark or Flink")
@SecurityRequirement(name = "bearer")
class JobController {
    private final JobService jobs;

    JobController(JobService jobs) {
        this.jobs = requireNonNull(jobs, "jobs is null");
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Submit a job",
            description = "Checked (grants, a writable target, your limit) and routed before anything runs; answers"
                    + " 201 with the job SUBMITTED and the routing decision. With an idempotency key (the"
                    + " Idempotency-Key header or idempotencyKey), a retry answers 200 with the job the first"
                    + " request created.")
    ResponseEntity<JobView> submit(
            @RequestBody JobRequest request,
            @Parameter(description = "makes a retried POST answer the job it created")
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    @Nullable
                    String idempotencyKey) {
        JobService.Submitted submitted = jobs.submit(Callers.require(), request, idempotencyKey, correlationId());
        JobView job = submitted.job();
        return ResponseEntity.status(submitted.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/v1/jobs/" + job.id()))
                .body(job);
    }

    @GetMapping
    @Operation(
            summary = "List jobs",
            description = "Newest first. A user sees their own jobs; an admin all, or one owner's.")
    JobService.JobPage list(
            @RequestParam(required = false) @Nullable String owner,
            @Parameter(description = "SUBMITTED, QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED")
                    @RequestParam(required = false)
                    @Nullable
                    String state,
            @Parameter(description = "trino, spark or flink") @RequestParam(required = false) @Nullable String engine,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return jobs.list(Callers.require(), owner, state, engine, page, size);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A job: its state, engine, routing decision, progress, timings and error")
    JobView get(@PathVariable UUID id) {
        return jobs.get(Callers.require(), id);
    }

    @PostMapping("/{id}/cancel")
    @Operation(
            summary = "Cancel a job",
            description = "Cancels it on its engine (a streaming Flink job stops with a savepoint); the job is"
                    + " CANCELLED once the engine says so. 409 if it has ended.")
    ResponseEntity<JobView> cancel(@PathVariable UUID id) {
        return ResponseEntity.accepted().body(jobs.cancel(Callers.require(), id));
    }

    @GetMapping("/{id}/logs")
    @Operation(summary = "The engine's log of a job, last lines, redacted")
    JobLogs logs(@PathVariable UUID id, @RequestParam(defaultValue = "200") int lines) {
        return new JobLogs(id, jobs.logs(Callers.require(), id, lines));
    }

    record JobLogs(UUID id, List<String> lines) {}

    private static String correlationId() {
        String id = MDC.get(CorrelationIdFilter.MDC_KEY);
        return id == null ? "req_unknown" : id;
    }
}

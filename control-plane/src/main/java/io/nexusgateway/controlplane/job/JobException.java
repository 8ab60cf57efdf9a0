package io.nexusgateway.controlplane.job;

import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import io.nexusgateway.engines.Engine;
import java.util.Map;
import java.util.UUID;

/** The job API's refusals, each a problem of its own type. */
final class JobException extends NexusException {
    private JobException(ProblemType type, String detail, Map<String, Object> properties) {
        super(type, detail, properties);
    }

    static JobException invalid(String field, String detail) {
        return new JobException(ProblemType.INVALID_JOB, detail, Map.of("field", field));
    }

    static JobException notFound(UUID id) {
        return new JobException(ProblemType.JOB_NOT_FOUND, "No job " + id, Map.of());
    }

    static JobException unknownEngine() {
        return new JobException(
                ProblemType.UNKNOWN_ENGINE, "engine must be trino, spark or flink", Map.of("field", "engine"));
    }

    static JobException engineUnavailable(Engine engine, String why) {
        return new JobException(
                ProblemType.ENGINE_NOT_ENABLED,
                engine.wireName() + " is not enabled here (" + why + ")",
                Map.of("engine", engine.wireName()));
    }

    static JobException engineCannotRun(Engine engine, String why) {
        return new JobException(
                ProblemType.ENGINE_CANNOT_RUN_JOB,
                engine.wireName() + " cannot run this job: " + why,
                Map.of("engine", engine.wireName()));
    }

    static JobException datasourceNotFound(String field, String name) {
        return new JobException(
                ProblemType.DATASOURCE_NOT_FOUND,
                "No datasource named '" + abbreviate(name) + "'",
                Map.of("field", field));
    }

    static JobException notGranted(String datasource) {
        return new JobException(
                ProblemType.PERMISSION_DENIED,
                "You have not been granted datasource '" + datasource + "'",
                Map.of("datasource", datasource));
    }

    static JobException targetReadOnly(String datasource) {
        return new JobException(
                ProblemType.TARGET_READ_ONLY,
                "Datasource '" + datasource + "' is read-only: jobs write only to writable datasources",
                Map.of("field", "target.datasource"));
    }

    static JobException limitReached(int limit) {
        return new JobException(
                ProblemType.JOB_LIMIT_REACHED,
                "You have " + limit + " jobs that have not ended; wait for one or cancel it",
                Map.of("limit", limit));
    }

    static JobException idempotencyKeyReused() {
        return new JobException(
                ProblemType.IDEMPOTENCY_KEY_REUSED,
                "This idempotency key was used for a different job",
                Map.of("field", "idempotencyKey"));
    }

    static JobException ended(UUID id, JobState state) {
        return new JobException(ProblemType.JOB_ENDED, "Job " + id + " has ended: " + state, Map.of("state", state));
    }

    static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "...";
    }
}

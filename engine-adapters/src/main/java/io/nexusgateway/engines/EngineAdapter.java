package io.nexusgateway.engines;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One way of running jobs on an engine, e.g. Spark through Livy. Implementations are thread-safe, hold no job state
 * of their own (everything needed later is in the {@link EngineHandle} they return, which the control plane stores),
 * and never block longer than their HTTP timeouts.
 */
public interface EngineAdapter {
    /** A stable name, stored with every job it runs, e.g. {@code spark-livy}. */
    String name();

    Engine engine();

    /**
     * Submits {@code job} once. The job's id is passed to the engine where it takes a name or tag (Livy's batch
     * name, Flink's {@code pipeline.name}, Trino's query source), so a submission whose answer was lost can be
     * found again by {@link #find}.
     *
     * @throws EngineException {@link EngineException.Kind#UNAVAILABLE} if the engine cannot be reached (nothing was
     *     submitted, or the caller cannot tell: then {@link #find} tells), {@link EngineException.Kind#REJECTED} if
     *     the engine refused the job
     */
    EngineHandle submit(EngineJob job);

    /**
     * The job the engine knows by {@code jobId}, if a {@link #submit} reached it; empty if the engine never saw it.
     * Adapters whose engine cannot be searched answer empty.
     */
    default Optional<EngineHandle> find(UUID jobId) {
        return Optional.empty();
    }

    /** {@link #find(UUID)} for engines that show a user only their own jobs (Trino); by default the same. */
    default Optional<EngineHandle> find(UUID jobId, String user) {
        return find(jobId);
    }

    /**
     * The job's state as the engine reports it now; {@link EngineJobState#LOST} if the engine no longer knows it.
     *
     * @throws EngineException {@link EngineException.Kind#UNAVAILABLE} if the engine cannot be reached
     */
    EngineStatus status(EngineHandle handle);

    /**
     * Asks the engine to stop the job (Flink: with a savepoint where the job is streaming). Cancelling a job that has
     * ended is a no-op.
     *
     * @throws EngineException {@link EngineException.Kind#UNAVAILABLE} if the engine cannot be reached
     */
    void cancel(EngineHandle handle);

    /** The engine's log lines of the job, at most {@code maxLines}, last ones; passwords are never in them. */
    List<String> logs(EngineHandle handle, int maxLines);
}

package io.nexusgateway.controlplane.job;

import java.time.Duration;

/** A stored job as the API shows it. */
final class JobViews {
    private JobViews() {}

    static JobView of(JobRow row, String targetDatasource) {
        Long duration = row.startedAt() != null && row.finishedAt() != null
                ? Duration.between(row.startedAt(), row.finishedAt()).toMillis()
                : null;
        return new JobView(
                row.id(),
                row.name(),
                row.owner(),
                row.state(),
                row.kind().name().toLowerCase(java.util.Locale.ROOT),
                row.query(),
                row.inputs(),
                new JobView.Table(targetDatasource, row.targetCatalog(), row.targetSchema(), row.targetTable()),
                row.writeMode(),
                row.streaming(),
                new JobView.Routing(
                        row.engine().wireName(),
                        row.requestedEngine() == null
                                ? null
                                : row.requestedEngine().wireName(),
                        row.routingReason()),
                new JobView.EngineView(row.engine().wireName(), row.adapter(), row.engineJobId(), row.uiUrl()),
                new JobView.Progress(row.progressPercent(), row.rowsWritten(), row.bytesRead()),
                new JobView.Timings(row.createdAt(), row.submittedAt(), row.startedAt(), row.finishedAt(), duration),
                row.errorCode() == null && row.errorMessage() == null
                        ? null
                        : new JobView.ErrorView(
                                row.errorCode() == null ? "ENGINE_ERROR" : row.errorCode(),
                                row.errorMessage() == null ? "" : row.errorMessage()));
    }
}

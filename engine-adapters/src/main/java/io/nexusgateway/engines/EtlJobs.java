package io.nexusgateway.engines;

import io.nexusgateway.connectors.EngineConnection;
import io.nexusgateway.etl.EtlJob;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job document ({@link EtlJob}, module etl-job) of an {@link EngineJob}, for the adapters whose engine runs one of
 * Nexus' ETL applications (Livy's spark-etl, the Spark Connect job runner).
 */
public final class EtlJobs {
    private EtlJobs() {}

    /**
     * @throws EngineException {@link EngineException.Kind#REJECTED} if a catalog has no JDBC connection for Spark, or
     *     the target's catalog is read-only
     */
    public static EtlJob document(EngineJob job) {
        Map<String, EtlJob.Datasource> datasources = new TreeMap<>();
        job.datasources().forEach((catalog, datasource) -> datasources.put(catalog, datasource(job, datasource)));
        return new EtlJob(
                job.id(),
                job.user(),
                job.query(),
                switch (job.writeMode()) {
                    case APPEND -> EtlJob.WriteMode.APPEND;
                    case OVERWRITE -> EtlJob.WriteMode.OVERWRITE;
                },
                job.inputs().stream().map(EtlJobs::table).toList(),
                table(job.target()),
                datasources,
                // single-use: worth nothing once the engine side has redeemed it
                new EtlJob.Credentials(
                        job.credentials().exchangeUrl(), job.credentials().token()));
    }

    private static EtlJob.Datasource datasource(EngineJob job, EngineDatasource datasource) {
        EngineConnection connection = datasource
                .connection()
                .orElseThrow(() -> new EngineException(
                        EngineException.Kind.REJECTED,
                        "catalog '%s' (%s) is served by Trino only; Spark cannot read it"
                                .formatted(datasource.catalog(), datasource.type())));
        if (job.target().catalog().equals(datasource.catalog()) && !datasource.writable()) {
            throw new EngineException(
                    EngineException.Kind.REJECTED, "catalog '%s' is read-only".formatted(datasource.catalog()));
        }
        return new EtlJob.Datasource(datasource.type(), connection.sparkOptions(), datasource.hasPassword());
    }

    private static EtlJob.Table table(EngineTable table) {
        return new EtlJob.Table(table.catalog(), table.schema(), table.table());
    }
}

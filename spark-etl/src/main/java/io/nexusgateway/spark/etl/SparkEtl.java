package io.nexusgateway.spark.etl;

import io.nexusgateway.etl.EtlJob;
import io.nexusgateway.etl.QueryRewriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A Nexus job as a Spark plan, on any {@link SparkSession} (a classic one in a Livy batch, a Spark Connect one in the
 * Spark Connect job runner): each input read over JDBC into its temp view, the job's query over those views, its rows
 * written into the target over JDBC.
 */
public final class SparkEtl {
    private SparkEtl() {}

    /**
     * Runs {@code job} in {@code spark}.
     *
     * @param passwords by catalog, from the credential ticket
     * @param log where the query Spark runs is told (no password in it)
     * @return the rows written
     */
    public static long run(SparkSession spark, EtlJob job, Map<String, String> passwords, Consumer<String> log)
            throws TimeoutException, InterruptedException {
        // Trino quotes identifiers in double quotes; Spark does too with this on
        spark.conf().set("spark.sql.ansi.doubleQuotedIdentifiers", "true");
        List<QueryRewriter.Name> views = job.inputViews();
        for (int index = 0; index < views.size(); index++) {
            Dataset<Row> table = spark.read()
                    .format("jdbc")
                    .options(job.jdbcOptions(job.inputs().get(index), passwords))
                    .load();
            table.createOrReplaceTempView(views.get(index).view());
        }
        String query = job.sparkQuery();
        log.accept("query: " + query);
        Observation observation = new Observation("nexus_rows");
        Dataset<Row> result = spark.sql(query)
                .observe(observation, functions.count(functions.lit(1)).as("rows"));
        boolean overwrite = job.writeMode() == EtlJob.WriteMode.OVERWRITE;
        Map<String, String> targetOptions = new TreeMap<>(job.jdbcOptions(job.target(), passwords));
        if (overwrite) {
            // empty the table the control plane created instead of dropping and re-creating it with Spark's types
            targetOptions.put("truncate", "true");
        }
        result.write()
                .format("jdbc")
                .mode(overwrite ? "overwrite" : "append")
                .options(targetOptions)
                .save();
        try {
            Row rows = scala.concurrent.Await.result(
                    observation.future(), scala.concurrent.duration.Duration.create(30, "s"));
            return rows.getLong(0);
        } catch (TimeoutException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("the written rows were not counted: " + e.getMessage(), e);
        }
    }
}

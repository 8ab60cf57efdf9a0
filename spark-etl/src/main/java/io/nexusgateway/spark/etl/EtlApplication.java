package io.nexusgateway.spark.etl;

import io.nexusgateway.etl.CredentialRedeemer;
import io.nexusgateway.etl.EtlJob;
import io.nexusgateway.etl.EtlJobFiles;
import io.nexusgateway.etl.EtlReport;
import io.nexusgateway.etl.QueryRewriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * One Nexus job as a Spark application, the main class of the Livy batches the control plane submits: {@code
 * EtlApplication <job document>}.
 *
 * <p>Reads the job document ({@link EtlJob}, no password in it), redeems its credential ticket for the passwords,
 * registers each input as a temp view read over JDBC (read-only connections: the control plane gives a source the
 * URL Trino reads it with), runs the job's query with the inputs' Trino names rewritten to those views, and writes the
 * rows into the target over JDBC. It reports on standard output with {@link EtlReport} lines and exits 0 on success,
 * 1 on failure (the message on the last report line), 2 on a bad argument. Passwords reach Spark only as the JDBC
 * {@code password} option, which Spark redacts (its {@code spark.redaction.regex} matches {@code password}); they are
 * never printed.
 */
public final class EtlApplication {
    private final EtlJob job;
    private CredentialRedeemer.Passwords passwords = new CredentialRedeemer.Passwords(Map.of());

    private EtlApplication(EtlJob job) {
        this.job = job;
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: EtlApplication <job document>");
            System.exit(2);
        }
        Path document = Path.of(args[0]);
        EtlJob job;
        try {
            job = EtlJobFiles.read(document);
        } catch (IOException | RuntimeException e) {
            report(EtlReport.failed("cannot read the job document " + document + ": " + e.getMessage()));
            System.exit(2);
            return;
        }
        System.exit(new EtlApplication(job).run() ? 0 : 1);
    }

    private boolean run() {
        SparkSession spark = null;
        try {
            passwords = CredentialRedeemer.redeem(job.credentials());
            spark = SparkSession.builder().appName(job.name()).getOrCreate();
            // Trino quotes identifiers in double quotes; Spark does too with this on
            spark.conf().set("spark.sql.ansi.doubleQuotedIdentifiers", "true");
            List<QueryRewriter.Name> views = job.inputViews();
            for (int index = 0; index < views.size(); index++) {
                Dataset<Row> table = spark.read()
                        .format("jdbc")
                        .options(job.jdbcOptions(job.inputs().get(index), passwords.byCatalog()))
                        .load();
                table.createOrReplaceTempView(views.get(index).view());
            }
            String query = job.sparkQuery();
            log("query: " + query);
            report(EtlReport.running());
            Observation observation = new Observation("nexus_rows");
            Dataset<Row> result = spark.sql(query)
                    .observe(observation, functions.count(functions.lit(1)).as("rows"));
            boolean overwrite = job.writeMode() == EtlJob.WriteMode.OVERWRITE;
            Map<String, String> targetOptions =
                    new java.util.TreeMap<>(job.jdbcOptions(job.target(), passwords.byCatalog()));
            if (overwrite) {
                // empty the table the control plane created instead of dropping and re-creating it with Spark's types
                targetOptions.put("truncate", "true");
            }
            result.write()
                    .format("jdbc")
                    .mode(overwrite ? "overwrite" : "append")
                    .options(targetOptions)
                    .save();
            Row rows = scala.concurrent.Await.result(
                    observation.future(), scala.concurrent.duration.Duration.create(30, "s"));
            report(EtlReport.succeeded(rows.getLong(0)));
            return true;
        } catch (Throwable e) {
            report(EtlReport.failed(passwords.redact(message(e))));
            return false;
        } finally {
            if (spark != null) {
                try {
                    spark.stop();
                } catch (RuntimeException e) {
                    log("stopping Spark failed: " + passwords.redact(String.valueOf(e.getMessage())));
                }
            }
        }
    }

    // Spark's own message, with the cause's where the outer one only wraps it (a JDBC driver's "connection refused")
    private static String message(Throwable error) {
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != error && root.getMessage() != null && !message.contains(root.getMessage())) {
            message = message + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return message;
    }

    private static void report(EtlReport report) {
        System.out.println(report.line());
        System.out.flush();
    }

    private void log(String line) {
        System.out.println(Instant.now() + " " + passwords.redact(line));
        System.out.flush();
    }
}

package io.nexusgateway.spark.etl;

import io.nexusgateway.etl.CredentialRedeemer;
import io.nexusgateway.etl.EtlJob;
import io.nexusgateway.etl.EtlJobFiles;
import io.nexusgateway.etl.EtlReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One Nexus job as a Spark application, the main class of the Livy batches the control plane submits: {@code
 * EtlApplication <job document>}.
 *
 * <p>Reads the job document ({@link EtlJob}, no password in it), redeems its credential ticket for the passwords and
 * runs the job as {@link SparkEtl}'s plan: each input read over JDBC into a temp view (read-only connections: the
 * control plane gives a source the URL Trino reads it with), the job's query with the inputs' Trino names rewritten
 * to those views, its rows written into the target over JDBC. It reports on standard output with {@link EtlReport}
 * lines ({@code RUNNING} once Spark is up) and exits 0 on success, 1 on failure (the message on the last report line),
 * 2 on a bad argument. Passwords reach Spark only as the JDBC {@code password} option, which Spark redacts (its
 * {@code spark.redaction.regex} matches {@code password}); they are never printed.
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
            report(EtlReport.running());
            long rows = SparkEtl.run(spark, job, passwords.byCatalog(), this::log);
            report(EtlReport.succeeded(rows));
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

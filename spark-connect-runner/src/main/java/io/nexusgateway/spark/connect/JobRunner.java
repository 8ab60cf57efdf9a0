package io.nexusgateway.spark.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nexusgateway.etl.CredentialRedeemer;
import io.nexusgateway.etl.EtlJob;
import io.nexusgateway.etl.EtlJobFiles;
import io.nexusgateway.spark.etl.SparkEtl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Runs one Nexus job on a Spark Connect server, in a JVM of its own with the Spark Connect client's classpath (the
 * control plane starts it and never loads Spark classes).
 *
 * <ul>
 *   <li>{@code run <jobDir>}: reads {@code job.json} (no password in it), exchanges the credential ticket for the
 *       passwords, opens a session tagged {@code nexus-job-<id>}, runs the job as spark-etl's {@link SparkEtl} plan
 *       (each input read over JDBC into a temp view, the query with the inputs' three-part names rewritten to those
 *       views, the rows written into the target over JDBC), and reports to {@code status.jsonl} (see {@link
 *       StatusFile}).
 *   <li>{@code cancel <jobDir>}: joins the running job's session (its id from {@code status.jsonl}) and interrupts
 *       the operations tagged with the job's tag; the run then reports {@code CANCELLED}.
 * </ul>
 *
 * Passwords go to the server only as the JDBC {@code password} option, which the server redacts from plan texts
 * (engine-runtime's {@code SparkConnectServer}); they are never logged or written here.
 */
public final class JobRunner {
    /** Written by the control plane before it cancels, so the interrupted run reports CANCELLED, not FAILED. */
    static final String CANCEL_MARKER = "cancel-requested";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path jobDir;
    private final JsonNode job;
    private final EtlJob etlJob;
    private final StatusFile status;
    private final List<String> secrets = new ArrayList<>();

    private JobRunner(Path jobDir, JsonNode job, EtlJob etlJob) {
        this.jobDir = jobDir;
        this.job = job;
        this.etlJob = etlJob;
        this.status = new StatusFile(jobDir, JSON);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !List.of("run", "cancel").contains(args[0])) {
            System.err.println("usage: JobRunner run|cancel <jobDir>");
            System.exit(2);
        }
        Path jobDir = Path.of(args[1]).toAbsolutePath();
        // the job document every ETL application reads, with the server and the tag besides
        JsonNode job = JSON.readTree(jobDir.resolve("job.json").toFile());
        JobRunner runner = new JobRunner(jobDir, job, EtlJobFiles.read(jobDir.resolve("job.json")));
        if (args[0].equals("run")) {
            System.exit(runner.run() ? 0 : 1);
        } else {
            System.exit(runner.cancel() ? 0 : 1);
        }
    }

    private boolean run() {
        // a stop by signal (the control plane's cancel, or a kill) still leaves a final line
        Thread hook = new Thread(
                () -> {
                    if (!status.isTerminal()) {
                        if (cancelRequested()) {
                            status.cancelled();
                        } else {
                            status.failed("the job runner was stopped before the job ended");
                        }
                    }
                },
                "job-runner-stopped");
        Runtime.getRuntime().addShutdownHook(hook);
        String tag = job.path("tag").asText();
        SparkSession spark = null;
        try {
            Map<String, String> passwords = redeem();
            spark = SparkSession.builder()
                    .remote(job.path("connectUrl").asText())
                    .getOrCreate();
            spark.addTag(tag);
            status.running(((org.apache.spark.sql.connect.SparkSession) spark).sessionId());
            log("session " + ((org.apache.spark.sql.connect.SparkSession) spark).sessionId() + " tagged " + tag);
            long rows = SparkEtl.run(spark, etlJob, passwords, this::log);
            status.succeeded(rows);
            log("succeeded: " + rows + " rows");
            return true;
        } catch (Throwable e) {
            if (cancelRequested()) {
                status.cancelled();
                log("cancelled");
            } else {
                String message = sanitize(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
                status.failed(message);
                log("failed: " + message);
            }
            return false;
        } finally {
            if (spark != null) {
                try {
                    spark.close();
                } catch (Exception e) {
                    log("closing the session failed: " + sanitize(String.valueOf(e.getMessage())));
                }
            }
        }
    }

    private boolean cancel() throws IOException {
        String sessionId = null;
        Path statusFile = jobDir.resolve(StatusFile.NAME);
        if (Files.exists(statusFile)) {
            for (String line : Files.readAllLines(statusFile, StandardCharsets.UTF_8)) {
                JsonNode node = JSON.readTree(line);
                if (node.hasNonNull("sessionId")) {
                    sessionId = node.get("sessionId").asText();
                }
            }
        }
        if (sessionId == null) {
            log("cancel: the job has no session yet");
            return true;
        }
        String url = job.path("connectUrl").asText() + "/;session_id=" + sessionId;
        // not closed: closing releases the session on the server, and the session is the job runner's
        SparkSession spark = SparkSession.builder().remote(url).create();
        List<String> interrupted = scala.jdk.javaapi.CollectionConverters.asJava(
                spark.interruptTag(job.path("tag").asText()));
        log("cancel: interrupted operations " + interrupted);
        return true;
    }

    private Map<String, String> redeem() throws IOException, InterruptedException {
        CredentialRedeemer.Passwords passwords = CredentialRedeemer.redeem(etlJob.credentials());
        secrets.addAll(passwords.byCatalog().values());
        return passwords.byCatalog();
    }

    private boolean cancelRequested() {
        return Files.exists(jobDir.resolve(CANCEL_MARKER));
    }

    // an error message may quote a connection's options; no password leaves this process in one
    private String sanitize(String message) {
        String result = message;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                result = result.replace(secret, "***");
            }
        }
        return result;
    }

    private void log(String line) {
        System.out.println(java.time.Instant.now() + " " + sanitize(line));
        System.out.flush();
    }
}

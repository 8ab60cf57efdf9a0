package io.nexusgateway.spark.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nexusgateway.etl.CredentialRedeemer;
import io.nexusgateway.etl.QueryRewriter;
import io.nexusgateway.etl.SparkJdbcOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Runs one Nexus job on a Spark Connect server, in a JVM of its own with the Spark Connect client's classpath (the
 * control plane starts it and never loads Spark classes).
 *
 * <ul>
 *   <li>{@code run <jobDir>}: reads {@code job.json} (no password in it), exchanges the credential ticket for the
 *       passwords, opens a session tagged {@code nexus-job-<id>}, registers each input as a temp view read over JDBC,
 *       runs the query with the inputs' three-part names rewritten to those views, writes the rows into the target
 *       over JDBC, and reports to {@code status.jsonl} (see {@link StatusFile}).
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
    private final StatusFile status;
    private final List<String> secrets = new ArrayList<>();

    private JobRunner(Path jobDir, JsonNode job) {
        this.jobDir = jobDir;
        this.job = job;
        this.status = new StatusFile(jobDir, JSON);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !List.of("run", "cancel").contains(args[0])) {
            System.err.println("usage: JobRunner run|cancel <jobDir>");
            System.exit(2);
        }
        Path jobDir = Path.of(args[1]).toAbsolutePath();
        JsonNode job = JSON.readTree(jobDir.resolve("job.json").toFile());
        JobRunner runner = new JobRunner(jobDir, job);
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
            // Trino quotes identifiers in double quotes; Spark does too with this on
            spark.conf().set("spark.sql.ansi.doubleQuotedIdentifiers", "true");
            status.running(((org.apache.spark.sql.connect.SparkSession) spark).sessionId());
            log("session " + ((org.apache.spark.sql.connect.SparkSession) spark).sessionId() + " tagged " + tag);

            List<QueryRewriter.Name> names = new ArrayList<>();
            int index = 0;
            for (JsonNode input : job.path("inputs")) {
                String view = "nexus_input_" + index++;
                String catalog = input.path("catalog").asText();
                Dataset<Row> table = spark.read()
                        .format("jdbc")
                        .options(jdbcOptions(catalog, input, passwords))
                        .load();
                table.createOrReplaceTempView(view);
                names.add(new QueryRewriter.Name(
                        catalog,
                        input.path("schema").asText(),
                        input.path("table").asText(),
                        view));
            }
            String query = QueryRewriter.rewrite(job.path("query").asText(), names);
            log("query: " + query);
            Observation observation = new Observation("nexus_rows");
            Dataset<Row> result = spark.sql(query)
                    .observe(observation, functions.count(functions.lit(1)).as("rows"));
            JsonNode target = job.path("target");
            boolean overwrite = job.path("writeMode").asText().equals("OVERWRITE");
            Map<String, String> targetOptions =
                    jdbcOptions(target.path("catalog").asText(), target, passwords);
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
            status.succeeded(rows.getLong(0));
            log("succeeded: " + rows.getLong(0) + " rows");
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
        JsonNode credentials = job.path("credentials");
        CredentialRedeemer.Passwords passwords = CredentialRedeemer.redeem(
                URI.create(credentials.path("exchangeUrl").asText()),
                credentials.path("token").asText());
        secrets.addAll(passwords.byCatalog().values());
        return passwords.byCatalog();
    }

    // Spark's JDBC options for one table of a catalog, its password included
    private Map<String, String> jdbcOptions(String catalog, JsonNode table, Map<String, String> passwords) {
        JsonNode datasource = job.path("datasources").path(catalog);
        Map<String, String> connection = new TreeMap<>();
        datasource
                .path("options")
                .fields()
                .forEachRemaining(
                        field -> connection.put(field.getKey(), field.getValue().asText()));
        return new TreeMap<>(SparkJdbcOptions.of(
                datasource.path("type").asText(),
                connection,
                table.path("schema").asText(),
                table.path("table").asText(),
                passwords.get(catalog)));
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

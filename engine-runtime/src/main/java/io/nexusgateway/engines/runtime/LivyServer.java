package io.nexusgateway.engines.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A Livy 0.7.1 server for batches ({@code /batches}) on a free loopback port, running them on a local Spark
 * ({@code local[1]}) from Maven-resolved jars.
 *
 * <p>Livy runs a batch as {@code $SPARK_HOME/bin/spark-submit ...} and asks {@code spark-submit --version} at start.
 * Spark's Maven jars have no distribution, so the work dir gets a SPARK_HOME of its own: {@code bin/spark-submit} is
 * a script that runs {@code java @spark-submit.args org.apache.spark.deploy.SparkSubmit "$@"} (the Spark engine's
 * classpath and Java 25's module options in the argfile), {@code conf/spark-defaults.conf} keeps the driver on
 * loopback, the UI off (Livy reports no UI for a local batch) and the event log in {@link #eventLogDir()}, and {@code
 * conf/log4j2.properties} logs warnings only, so Livy's in-memory log of a batch keeps what matters.
 *
 * <p>Livy 0.7.1 supports Spark 2.x; with Spark 4.2 it warns that the version is not verified and runs batches all the
 * same (its interactive sessions do not work: their REPL is Scala 2.11). Recovery is off: a restarted server knows
 * no batches, which the adapter reports as lost.
 */
public final class LivyServer extends EngineServer {
    /** Livy's classpath name for {@link EngineClasspath#resolve}. */
    public static final String ENGINE = "livy";

    /** The classpath of the SPARK_HOME's spark-submit (Spark core and SQL, JDBC drivers). */
    public static final String SPARK_ENGINE = "spark";

    private static final String MAIN_CLASS = "org.apache.livy.server.LivyServer";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private final int port;
    private final Path sparkHome;
    private final Path eventLogDir;

    private LivyServer(EngineProcess process, int port, Path sparkHome, Path eventLogDir, Duration startupTime) {
        super(process, startupTime);
        this.port = port;
        this.sparkHome = sparkHome;
        this.eventLogDir = eventLogDir;
    }

    /**
     * Starts a server and waits until {@code GET /batches} answers.
     *
     * @param workDir the server's directory: SPARK_HOME, Livy's conf and logs, the batches' event log and scratch space
     * @param cacheDir where {@link EngineClasspath} keeps resolved classpaths
     * @param localDirWhitelist the directories batches may name local files in (the ETL application's jar)
     * @param batchHeap each batch's driver heap, e.g. {@code 512m} (the driver is the spark-submit JVM)
     */
    public static LivyServer start(Path workDir, Path cacheDir, List<Path> localDirWhitelist, String batchHeap) {
        return start(workDir, cacheDir, localDirWhitelist, batchHeap, EngineProcess.freePort());
    }

    /** {@link #start(Path, Path, List, String)} on a port chosen before, e.g. one a control plane was told of. */
    public static LivyServer start(
            Path workDir, Path cacheDir, List<Path> localDirWhitelist, String batchHeap, int port) {
        Launch launch = prepare(workDir, cacheDir, localDirWhitelist, batchHeap, port);
        Path home = workDir.toAbsolutePath();
        URI url = url(port);
        Started started = startReady(
                ENGINE,
                launch.classpath(),
                launch.jvmOptions(),
                MAIN_CLASS,
                launch.environment(),
                home,
                STARTUP_TIMEOUT,
                () -> answersOk(url.resolve("batches")));
        return new LivyServer(started.process(), port, launch.sparkHome(), launch.eventLogDir(), started.startupTime());
    }

    /**
     * Lays out a server in {@code workDir} for a launcher of its own (bin/nexus runs it under {@code nohup}, so it
     * outlives this JVM): the argfile for {@code java @argfile} (JVM options, classpath, main class), then the
     * environment Livy needs, as {@code NAME=value} lines.
     */
    public static List<String> prepareLaunch(
            Path workDir, Path cacheDir, List<Path> localDirWhitelist, String batchHeap, int port) {
        Launch launch = prepare(workDir, cacheDir, localDirWhitelist, batchHeap, port);
        List<String> lines = new ArrayList<>();
        lines.add(EngineProcess.writeArgFile(
                        ENGINE, launch.classpath(), launch.jvmOptions(), MAIN_CLASS, workDir.toAbsolutePath())
                .toString());
        launch.environment().forEach((name, value) -> lines.add(name + "=" + value));
        return List.copyOf(lines);
    }

    private record Launch(
            List<Path> classpath,
            List<String> jvmOptions,
            Map<String, String> environment,
            Path sparkHome,
            Path eventLogDir) {}

    private static Launch prepare(
            Path workDir, Path cacheDir, List<Path> localDirWhitelist, String batchHeap, int port) {
        requireNonNull(batchHeap, "batchHeap is null");
        Path home = workDir.toAbsolutePath();
        List<Path> livyClasspath = EngineClasspath.resolve(ENGINE, cacheDir);
        List<Path> sparkClasspath = EngineClasspath.resolve(SPARK_ENGINE, cacheDir);
        Path sparkHome = home.resolve("spark-home");
        Path confDir = home.resolve("conf");
        Path logDir = home.resolve("logs");
        Path eventLogDir = home.resolve("event-log");
        Path scratchDir = home.resolve("scratch");
        try {
            for (Path dir : List.of(
                    sparkHome.resolve("bin"), sparkHome.resolve("conf"), confDir, logDir, eventLogDir, scratchDir)) {
                Files.createDirectories(dir);
            }
            writeSparkHome(sparkHome, sparkClasspath, cacheDir, batchHeap, eventLogDir, scratchDir);
            Map<String, String> livyConf = new TreeMap<>();
            livyConf.put("livy.server.host", "127.0.0.1");
            livyConf.put("livy.server.port", Integer.toString(port));
            livyConf.put("livy.spark.master", "local[1]");
            livyConf.put("livy.server.spark-home", sparkHome.toString());
            // what spark-submit --version says; Livy would assume 2.11 for a Spark it does not know
            livyConf.put("livy.spark.scala-version", "2.13");
            livyConf.put(
                    "livy.file.local-dir-whitelist",
                    localDirWhitelist.stream()
                            .map(dir -> dir.toAbsolutePath().toString())
                            .collect(Collectors.joining(",")));
            livyConf.put("livy.ui.enabled", "false");
            // lines of a batch's output Livy keeps (GET /batches/{id}/log); the ETL application's report is the last
            livyConf.put("livy.cache-log.size", "1000");
            // how long Livy answers for a finished batch; the adapter keeps an outcome it has seen beyond that
            livyConf.put("livy.server.session.state-retain.sec", "86400s");
            livyConf.put("livy.server.recovery.mode", "off");
            Files.writeString(confDir.resolve("livy.conf"), properties(livyConf), UTF_8);
            Files.writeString(confDir.resolve("log4j.properties"), livyLog4jConfig(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Livy in " + home + ": " + e.getMessage(), e);
        }
        List<Path> classpath = new ArrayList<>();
        // livy.conf is found through LIVY_CONF_DIR, log4j.properties on the classpath
        classpath.add(confDir);
        classpath.addAll(livyClasspath);
        List<String> jvmOptions = List.of(
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + scratchDir,
                // Hadoop's NativeCodeLoader
                "--enable-native-access=ALL-UNNAMED");
        Map<String, String> environment = Map.of(
                "LIVY_CONF_DIR", confDir.toString(),
                // the request log's directory (Livy reads LIVY_HOME/logs without it)
                "LIVY_LOG_DIR", logDir.toString(),
                "SPARK_HOME", sparkHome.toString(),
                "SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
        return new Launch(List.copyOf(classpath), jvmOptions, environment, sparkHome, eventLogDir);
    }

    /** {@code http://127.0.0.1:<port>/}, Livy's REST API. */
    public URI url() {
        return url(port);
    }

    public int port() {
        return port;
    }

    /** The generated SPARK_HOME whose {@code bin/spark-submit} Livy runs. */
    public Path sparkHome() {
        return sparkHome;
    }

    /** Where the batches' Spark applications write their event logs. */
    public Path eventLogDir() {
        return eventLogDir;
    }

    private static void writeSparkHome(
            Path sparkHome,
            List<Path> sparkClasspath,
            Path cacheDir,
            String batchHeap,
            Path eventLogDir,
            Path scratchDir)
            throws IOException {
        String classpath = sparkClasspath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        List<String> arguments = new ArrayList<>();
        arguments.add("-Xmx" + batchHeap);
        // a short-lived JVM: start fast
        arguments.add("-XX:+UseSerialGC");
        arguments.add("-XX:TieredStopAtLevel=1");
        // Spark's classes from a CDS archive the first batch makes (when it exits) and the next ones map: about half
        // of a batch's start-up here; the JVM makes it anew if it does not fit the classpath or the JDK
        arguments.add("-XX:+AutoCreateSharedArchive");
        arguments.add("-XX:SharedArchiveFile="
                + cacheDir.toAbsolutePath()
                        .resolve("spark-submit-" + Integer.toHexString(classpath.hashCode()) + ".jsa"));
        arguments.add("-Xlog:cds*=off");
        arguments.add("-Djava.io.tmpdir=" + scratchDir);
        // not on the classpath: CDS takes jars only
        arguments.add("-Dlog4j2.configurationFile="
                + sparkHome.resolve("conf").resolve("log4j2.properties").toUri());
        arguments.addAll(SparkConnectServer.JAVA_MODULE_OPTIONS);
        arguments.add("-cp");
        arguments.add(EngineProcess.quote(classpath));
        Path argFile = sparkHome.resolve("spark-submit.args");
        Files.writeString(argFile, String.join("\n", arguments) + "\n", UTF_8);

        Path script = sparkHome.resolve("bin").resolve("spark-submit");
        // exec: Livy's kill of a batch (destroy) reaches the JVM itself
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "# made by Nexus' LivyServer: Spark from Maven jars, no distribution",
                        "export SPARK_HOME=" + shellQuote(sparkHome.toString()),
                        "export SPARK_CONF_DIR="
                                + shellQuote(sparkHome.resolve("conf").toString()),
                        // the host name may resolve to an address off loopback
                        "export SPARK_LOCAL_IP=127.0.0.1",
                        // Spark's scratch space (as spark.local.dir, Spark warns that a cluster manager may override
                        // it)
                        "export SPARK_LOCAL_DIRS=" + shellQuote(scratchDir.toString()),
                        "exec " + shellQuote(EngineProcess.javaExecutable()) + " " + shellQuote("@" + argFile)
                                + " org.apache.spark.deploy.SparkSubmit \"$@\"",
                        ""),
                UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

        Map<String, String> defaults = new TreeMap<>();
        defaults.put("spark.driver.host", "127.0.0.1");
        defaults.put("spark.driver.bindAddress", "127.0.0.1");
        defaults.put("spark.ui.enabled", "false");
        defaults.put("spark.eventLog.enabled", "true");
        defaults.put("spark.eventLog.dir", eventLogDir.toUri().toString());
        defaults.put("spark.eventLog.compress", "false");
        defaults.put("spark.eventLog.rolling.enabled", "false");
        defaults.put("spark.sql.shuffle.partitions", "2");
        StringBuilder sparkDefaults = new StringBuilder();
        defaults.forEach((key, value) ->
                sparkDefaults.append(key).append(' ').append(value).append('\n'));
        Files.writeString(sparkHome.resolve("conf").resolve("spark-defaults.conf"), sparkDefaults, UTF_8);
        Files.writeString(sparkHome.resolve("conf").resolve("log4j2.properties"), sparkLog4jConfig(), UTF_8);
    }

    private static String properties(Map<String, String> properties) {
        StringBuilder text = new StringBuilder("# made by Nexus' LivyServer\n");
        properties.forEach(
                (key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        return text.toString();
    }

    private static String livyLog4jConfig() {
        return String.join(
                "\n",
                "log4j.rootCategory=INFO, console",
                "log4j.appender.console=org.apache.log4j.ConsoleAppender",
                "log4j.appender.console.target=System.err",
                "log4j.appender.console.layout=org.apache.log4j.PatternLayout",
                "log4j.appender.console.layout.ConversionPattern=%d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n",
                "log4j.logger.org.eclipse.jetty=WARN",
                "");
    }

    private static String sparkLog4jConfig() {
        return String.join(
                "\n",
                "rootLogger.level = warn",
                "rootLogger.appenderRef.stdout.ref = console",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.target = SYSTEM_ERR",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n%ex",
                // Hadoop's warning at every start that it has no native library
                "logger.nativecode.name = org.apache.hadoop.util.NativeCodeLoader",
                "logger.nativecode.level = error",
                "");
    }

    private static URI url(int port) {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    private static String shellQuote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}

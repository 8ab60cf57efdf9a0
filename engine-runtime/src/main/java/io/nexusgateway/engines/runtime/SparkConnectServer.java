package io.nexusgateway.engines.runtime;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Spark Connect server in local mode ({@code local[1]}), run as {@code start-connect-server.sh} does (Spark's
 * {@code org.apache.spark.sql.connect.service.SparkConnectServer} main class, configuration as system properties),
 * with its gRPC port and UI on free loopback ports and its event log (uncompressed, one file) in its work dir.
 *
 * <p>Spark Connect shows a plan's protobuf text as the operation's statement, job description and SQL description (UI,
 * event log), and a JDBC read's {@code password} option is in it; Spark redacts option maps by key but that text only
 * by {@code spark.redaction.string.regex} / {@code spark.sql.redaction.string.regex}, so both are set to
 * {@link #PASSWORD_OPTION_REDACTION} here. The server's own log prints whole requests too (the execution manager logs
 * an execution's {@code ExecuteInfo} when its session closes), so the log layout applies the same regex to every line.
 */
public final class SparkConnectServer extends EngineServer {
    /** The classpath's name for {@link EngineClasspath#resolve}. */
    public static final String ENGINE = "spark-connect";

    /** The Spark Connect JVM client's classpath name for {@link EngineClasspath#resolve}. */
    public static final String CLIENT_ENGINE = "spark-connect-client";

    /**
     * Matches an option of a plan's protobuf text whose key names a password or secret, with its value ({@code key:
     * "password" value: "..."}, escaped quotes included). Written without spaces or quotes ({@code \x22} is {@code "},
     * {@code \x5c} a backslash) since it travels in an argfile.
     */
    public static final String PASSWORD_OPTION_REDACTION =
            "(?is)key:\\s*\\x22[^\\x22]*(?:password|secret)[^\\x22]*\\x22\\s*value:\\s*\\x22(?:[^\\x22\\x5c]|\\x5c.)*\\x22";

    /**
     * The JVM options Spark's launcher adds on Java 17+ (Spark 4.2's {@code JavaModuleOptions}), for the server and for
     * Spark Connect client JVMs (Arrow needs {@code java.nio} open); without {@code sun.security.action}, which Java 25
     * no longer has, and without the vector incubator module Spark does not need here.
     */
    public static final List<String> JAVA_MODULE_OPTIONS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED");

    private static final String MAIN_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private final int grpcPort;
    private final int uiPort;
    private final Path eventLogDir;

    private SparkConnectServer(
            EngineProcess process, int grpcPort, int uiPort, Path eventLogDir, Duration startupTime) {
        super(process, startupTime);
        this.grpcPort = grpcPort;
        this.uiPort = uiPort;
        this.eventLogDir = eventLogDir;
    }

    /**
     * Starts a server and waits until its gRPC port accepts connections.
     *
     * @param workDir the server's directory: argfile, log ({@code spark-connect.log}), event log, Spark's scratch space
     * @param cacheDir where {@link EngineClasspath} keeps resolved classpaths
     * @param maxHeap e.g. {@code 768m}
     */
    public static SparkConnectServer start(Path workDir, Path cacheDir, String maxHeap) {
        return start(workDir, cacheDir, maxHeap, EngineProcess.freePort());
    }

    /** {@link #start(Path, Path, String)} on a gRPC port chosen before, e.g. one a control plane was told of. */
    public static SparkConnectServer start(Path workDir, Path cacheDir, String maxHeap, int grpcPort) {
        Launch launch = prepare(workDir, cacheDir, maxHeap, grpcPort);
        Started started = startReady(
                ENGINE,
                launch.classpath(),
                launch.jvmOptions(),
                MAIN_CLASS,
                Map.of(),
                workDir,
                STARTUP_TIMEOUT,
                () -> accepts(grpcPort));
        return new SparkConnectServer(
                started.process(), grpcPort, launch.uiPort(), launch.eventLogDir(), started.startupTime());
    }

    /**
     * Lays out a server in {@code workDir} for a launcher of its own (bin/nexus runs it under {@code nohup}, so it
     * outlives this JVM): returns an argfile holding the JVM options, classpath and main class, for {@code java
     * @argfile}.
     */
    public static Path prepareArgFile(Path workDir, Path cacheDir, String maxHeap, int grpcPort) {
        Launch launch = prepare(workDir, cacheDir, maxHeap, grpcPort);
        return EngineProcess.writeArgFile(ENGINE, launch.classpath(), launch.jvmOptions(), MAIN_CLASS, workDir);
    }

    private record Launch(List<Path> classpath, List<String> jvmOptions, int uiPort, Path eventLogDir) {}

    private static Launch prepare(Path workDir, Path cacheDir, String maxHeap, int grpcPort) {
        requireNonNull(maxHeap, "maxHeap is null");
        List<Path> classpath = EngineClasspath.resolve(ENGINE, cacheDir);
        Path eventLogDir = workDir.resolve("event-log").toAbsolutePath();
        Path scratchDir = workDir.resolve("scratch").toAbsolutePath();
        try {
            Files.createDirectories(eventLogDir);
            Files.createDirectories(scratchDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int uiPort = EngineProcess.freePort();
        Map<String, String> conf = new TreeMap<>();
        conf.put("spark.master", "local[1]");
        conf.put("spark.app.name", "nexus-spark-connect");
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        conf.put("spark.connect.grpc.binding.address", "127.0.0.1");
        conf.put("spark.connect.grpc.binding.port", Integer.toString(grpcPort));
        conf.put("spark.ui.port", Integer.toString(uiPort));
        conf.put("spark.ui.enabled", "true");
        // finished jobs stay visible in the UI's REST API for the tests and operators
        conf.put("spark.ui.retainedJobs", "1000");
        conf.put("spark.eventLog.enabled", "true");
        conf.put("spark.eventLog.dir", eventLogDir.toUri().toString());
        conf.put("spark.eventLog.compress", "false");
        conf.put("spark.eventLog.rolling.enabled", "false");
        conf.put("spark.local.dir", scratchDir.toString());
        conf.put("spark.sql.shuffle.partitions", "2");
        conf.put("spark.redaction.string.regex", PASSWORD_OPTION_REDACTION);
        conf.put("spark.sql.redaction.string.regex", PASSWORD_OPTION_REDACTION);
        Path log4jConfig = workDir.resolve("log4j2.properties").toAbsolutePath();
        try {
            Files.writeString(log4jConfig, log4jConfig(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> jvmOptions = new ArrayList<>();
        jvmOptions.add("-Xmx" + maxHeap);
        jvmOptions.add("-Dlog4j2.configurationFile=" + log4jConfig.toUri());
        jvmOptions.add("-XX:ActiveProcessorCount=2");
        jvmOptions.add("-Djava.io.tmpdir=" + scratchDir);
        jvmOptions.addAll(JAVA_MODULE_OPTIONS);
        conf.forEach((key, value) -> jvmOptions.add("-D" + key + "=" + value));
        return new Launch(classpath, List.copyOf(jvmOptions), uiPort, eventLogDir);
    }

    /** {@code sc://127.0.0.1:<port>}, what Spark Connect clients connect to. */
    public String connectUrl() {
        return "sc://127.0.0.1:" + grpcPort;
    }

    public int grpcPort() {
        return grpcPort;
    }

    /** The Spark UI, whose REST API is under {@code api/v1/}. */
    public URI uiUrl() {
        return URI.create("http://127.0.0.1:" + uiPort + "/");
    }

    public Path eventLogDir() {
        return eventLogDir;
    }

    /** The server's log4j2 configuration, whose layout redacts password options. */
    public Path log4jConfigFile() {
        return logFile().resolveSibling("log4j2.properties");
    }

    // Spark's default console layout, each message (and exception) passed through the password-option redaction
    private static String log4jConfig() {
        String regex = PASSWORD_OPTION_REDACTION.replace("\\", "\\\\");
        return String.join(
                "\n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.stdout.ref = console",
                "appender.console.type = Console",
                "appender.console.name = console",
                "appender.console.target = SYSTEM_ERR",
                "appender.console.layout.type = PatternLayout",
                // the exception is inside the replacement; written again outside, it would not be redacted
                "appender.console.layout.alwaysWriteExceptions = false",
                "appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %replace{%m%ex}{" + regex
                        + "}{*********(redacted)}%n",
                "logger.jetty.name = org.sparkproject.jetty",
                "logger.jetty.level = warn",
                "");
    }
}

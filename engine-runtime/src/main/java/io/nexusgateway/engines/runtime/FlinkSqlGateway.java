package io.nexusgateway.engines.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flink SQL Gateway (REST endpoint, API v1 to v3) with a Flink session cluster in the same JVM (module {@code
 * flink-gateway-extension}'s {@code GatewayWithCluster}: one job manager, one task manager with {@code slots} slots),
 * everything on free loopback ports, checkpoints, savepoints and scratch space in its work dir. The extension's jar is
 * on the gateway's classpath: it brings the {@code nexus-jdbc} connector, through which jobs get their passwords
 * without them being in a statement.
 *
 * <p>Flink reads {@code config.yaml} of the work dir's {@code conf/}; neither it nor the command line holds a secret.
 */
public final class FlinkSqlGateway extends EngineServer {
    /** The classpath's name for {@link EngineClasspath#resolve}. */
    public static final String ENGINE = "flink-sql-gateway";

    /**
     * The JVM options Flink's scripts add ({@code env.java.opts.all} of Flink 2.0's default configuration), plus Java
     * 24+'s switches for {@code sun.misc.Unsafe} and native access.
     */
    public static final List<String> JAVA_MODULE_OPTIONS = List.of(
            "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED");

    private static final String MAIN_CLASS = "io.nexusgateway.flink.gateway.GatewayWithCluster";
    // GatewayWithCluster.CONF_DIR_PROPERTY: the directory of config.yaml
    private static final String CONF_DIR_PROPERTY = "nexus.flink.conf-dir";
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int gatewayPort;
    private final int clusterPort;
    private final Path savepointDir;

    private FlinkSqlGateway(
            EngineProcess process, int gatewayPort, int clusterPort, Path savepointDir, Duration startupTime) {
        super(process, startupTime);
        this.gatewayPort = gatewayPort;
        this.clusterPort = clusterPort;
        this.savepointDir = savepointDir;
    }

    /**
     * Starts a gateway and waits until {@code GET /v1/info} answers.
     *
     * @param workDir the gateway's directory (mode 0700): configuration, argfile, log ({@code flink-sql-gateway.log}),
     *     savepoints, scratch space
     * @param cacheDir where {@link EngineClasspath} keeps resolved classpaths
     * @param extensionJar the jar of module {@code flink-gateway-extension}
     * @param maxHeap e.g. {@code 1g}
     * @param slots the task manager's slots: how many single-parallelism jobs run at once
     */
    public static FlinkSqlGateway start(Path workDir, Path cacheDir, Path extensionJar, String maxHeap, int slots) {
        return start(
                workDir, cacheDir, extensionJar, maxHeap, slots, EngineProcess.freePort(), EngineProcess.freePort());
    }

    /** {@link #start(Path, Path, Path, String, int)} on ports chosen before, e.g. ones a control plane was told of. */
    public static FlinkSqlGateway start(
            Path workDir,
            Path cacheDir,
            Path extensionJar,
            String maxHeap,
            int slots,
            int gatewayPort,
            int clusterPort) {
        Launch launch = prepare(workDir, cacheDir, extensionJar, maxHeap, slots, gatewayPort, clusterPort);
        Started started = startReady(
                ENGINE,
                launch.classpath(),
                launch.jvmOptions(),
                MAIN_CLASS,
                Map.of(),
                launch.home(),
                STARTUP_TIMEOUT,
                () -> answersOk(URI.create("http://127.0.0.1:" + gatewayPort + "/v1/info")));
        return new FlinkSqlGateway(
                started.process(), gatewayPort, clusterPort, launch.savepointDir(), started.startupTime());
    }

    /**
     * Lays out a gateway in {@code workDir} for a launcher of its own (bin/nexus runs it under {@code nohup}, so it
     * outlives this JVM): returns an argfile holding the JVM options, classpath and main class, for {@code java
     * @argfile}. The gateway answers at {@code http://127.0.0.1:<gatewayPort>/}, its cluster at {@code
     * http://127.0.0.1:<clusterPort>/}.
     */
    public static Path prepareArgFile(
            Path workDir,
            Path cacheDir,
            Path extensionJar,
            String maxHeap,
            int slots,
            int gatewayPort,
            int clusterPort) {
        Launch launch = prepare(workDir, cacheDir, extensionJar, maxHeap, slots, gatewayPort, clusterPort);
        return EngineProcess.writeArgFile(ENGINE, launch.classpath(), launch.jvmOptions(), MAIN_CLASS, launch.home());
    }

    private record Launch(Path home, List<Path> classpath, List<String> jvmOptions, Path savepointDir) {}

    private static Launch prepare(
            Path workDir,
            Path cacheDir,
            Path extensionJar,
            String maxHeap,
            int slots,
            int gatewayPort,
            int clusterPort) {
        requireNonNull(maxHeap, "maxHeap is null");
        if (!Files.isRegularFile(extensionJar)) {
            throw new IllegalArgumentException("no Flink gateway extension jar at " + extensionJar);
        }
        List<Path> classpath = new ArrayList<>();
        classpath.add(extensionJar.toAbsolutePath());
        classpath.addAll(EngineClasspath.resolve(ENGINE, cacheDir));
        Path home = workDir.toAbsolutePath();
        Path confDir = home.resolve("conf");
        Path savepointDir = home.resolve("savepoints");
        Path scratchDir = home.resolve("tmp");
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("execution.target", "remote");
        conf.put("rest.address", "127.0.0.1");
        conf.put("rest.bind-address", "127.0.0.1");
        conf.put("rest.port", Integer.toString(clusterPort));
        conf.put("rest.bind-port", Integer.toString(clusterPort));
        conf.put("jobmanager.rpc.address", "127.0.0.1");
        conf.put("jobmanager.bind-host", "127.0.0.1");
        conf.put("taskmanager.bind-host", "127.0.0.1");
        conf.put("taskmanager.host", "127.0.0.1");
        conf.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
        conf.put("parallelism.default", "1");
        conf.put("sql-gateway.endpoint.rest.address", "127.0.0.1");
        conf.put("sql-gateway.endpoint.rest.bind-address", "127.0.0.1");
        conf.put("sql-gateway.endpoint.rest.port", Integer.toString(gatewayPort));
        // else the endpoint binds rest.bind-port, the cluster's
        conf.put("sql-gateway.endpoint.rest.bind-port", Integer.toString(gatewayPort));
        conf.put(
                "execution.checkpointing.dir",
                home.resolve("checkpoints").toUri().toString());
        conf.put("execution.checkpointing.savepoint-dir", savepointDir.toUri().toString());
        conf.put("io.tmp.dirs", scratchDir.toString());
        // finished jobs stay readable at the cluster's REST API (state, exceptions) for an hour
        conf.put("jobstore.expiration-time", "3600");
        try {
            // a job's graph (its operators, the JDBC connector's password among them) passes through the scratch
            // space on its way to the cluster: only this user may read anything here
            Files.createDirectories(home);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(confDir);
            Files.createDirectories(savepointDir);
            Files.createDirectories(scratchDir);
            StringBuilder yaml = new StringBuilder();
            conf.forEach((key, value) ->
                    yaml.append(key).append(": ").append(quoted(value)).append('\n'));
            Files.writeString(confDir.resolve("config.yaml"), yaml.toString(), UTF_8);
            Files.writeString(confDir.resolve("log4j2.properties"), log4jConfig(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> jvmOptions = new ArrayList<>();
        jvmOptions.add("-Xmx" + maxHeap);
        jvmOptions.add("-XX:ActiveProcessorCount=2");
        jvmOptions.add("-Djava.io.tmpdir=" + scratchDir);
        jvmOptions.add("-D" + CONF_DIR_PROPERTY + "=" + confDir);
        jvmOptions.add("-Dlog4j2.configurationFile="
                + confDir.resolve("log4j2.properties").toUri());
        jvmOptions.addAll(JAVA_MODULE_OPTIONS);
        return new Launch(home, List.copyOf(classpath), List.copyOf(jvmOptions), savepointDir);
    }

    /** The SQL Gateway's REST endpoint, {@code http://127.0.0.1:<port>/}; its API is under {@code v1/} and up. */
    public URI gatewayUrl() {
        return URI.create("http://127.0.0.1:" + gatewayPort + "/");
    }

    /** The session cluster's REST API ({@code jobs/...}), where jobs' state, exceptions and configuration are. */
    public URI clusterUrl() {
        return URI.create("http://127.0.0.1:" + clusterPort + "/");
    }

    public Path savepointDir() {
        return savepointDir;
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String log4jConfig() {
        return String.join(
                "\n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.stderr.ref = stderr",
                "appender.stderr.type = Console",
                "appender.stderr.name = stderr",
                "appender.stderr.target = SYSTEM_ERR",
                "appender.stderr.layout.type = PatternLayout",
                "appender.stderr.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %c{1} [%t] %m%n",
                "logger.netty.name = org.apache.flink.shaded.netty4",
                "logger.netty.level = warn",
                "");
    }
}

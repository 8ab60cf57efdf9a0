package io.nexusgateway.engines.runtime;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code bin/nexus} asks of this module: {@code prepare <engine> --home <dir> --cache <dir> --port <port>
 * /**
 * What {@code bin/nexus} asks of this module: {@code prepare <engine> --home <dir> --cache <dir> --port <port>
 * [--heap <size>]} (for {@code livy} also {@code --whitelist <dir>}; for {@code flink-sql-gateway} {@code
 * --cluster-port <port> --extension-jar <jar> [--slots <n>]}) lays the engine out in its home (resolving its classpath
 * with Maven on first use) and prints the argfile to start it with, {@code java @argfile}, then {@code NAME=value}
 * lines of the environment it needs; the script runs it under {@code nohup}, so the engine outlives this JVM.
 */
public final class EngineRuntimeCli {
    private static final Set<String> OPTIONS = Set.of(
            "--home", "--cache", "--port", "--heap", "--whitelist", "--cluster-port", "--extension-jar", "--slots");

    private EngineRuntimeCli() {}

    public static void main(String[] args) {
        try {
            run(args).forEach(System.out::println);
        } catch (IllegalArgumentException e) {
            System.err.println("engine-runtime: " + e.getMessage());
            System.exit(2);
        }
    }

    static List<String> run(String[] args) {
        if (args.length < 2 || !args[0].equals("prepare")) {
            throw new IllegalArgumentException(
                    "usage: prepare spark-connect|livy|flink-sql-gateway --home <dir> --cache <dir> --port <port>"
                            + " [--heap <size>] [--whitelist <dir>] [--cluster-port <port> --extension-jar <jar>"
                            + " [--slots <n>]]");
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 2; i < args.length; i += 2) {
            if (!OPTIONS.contains(args[i]) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i]);
            }
            options.put(args[i], args[i + 1]);
        }
        Path home = Path.of(required(options, "--home")).toAbsolutePath();
        Path cache = Path.of(required(options, "--cache")).toAbsolutePath();
        int port = number(required(options, "--port"), "--port");
        return switch (args[1]) {
            case SparkConnectServer.ENGINE ->
                List.of(SparkConnectServer.prepareArgFile(home, cache, options.getOrDefault("--heap", "768m"), port)
                        .toString());
            case LivyServer.ENGINE ->
                LivyServer.prepareLaunch(
                        home,
                        cache,
                        List.of(Path.of(required(options, "--whitelist")).toAbsolutePath()),
                        options.getOrDefault("--heap", "512m"),
                        port);
            case FlinkSqlGateway.ENGINE ->
                List.of(FlinkSqlGateway.prepareArgFile(
                                home,
                                cache,
                                Path.of(required(options, "--extension-jar")).toAbsolutePath(),
                                options.getOrDefault("--heap", "1g"),
                                number(options.getOrDefault("--slots", "4"), "--slots"),
                                port,
                                number(required(options, "--cluster-port"), "--cluster-port"))
                        .toString());
            default ->
                throw new IllegalArgumentException(
                        "unknown engine " + args[1] + " (spark-connect, livy, flink-sql-gateway)");
        };
    }

    private static int number(String value, String name) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number");
        }
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value;
    }
}

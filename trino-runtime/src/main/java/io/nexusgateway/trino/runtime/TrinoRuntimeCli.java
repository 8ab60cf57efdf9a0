package io.nexusgateway.trino.runtime;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Command line for {@code bin/nexus}: {@code prepare} lays out a Trino home and prints its argfile,
 * {@code ready} exits 0 when Trino at a port has started.
 */
public final class TrinoRuntimeCli {
    private TrinoRuntimeCli() {}

    public static void main(String[] args) {
        try {
            System.exit(run(List.of(args)));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("trino-runtime: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(List<String> args) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException(
                    "usage: prepare --dist DIR --home DIR --port N [--heap 3G] [--plugin DIR]... "
                            + "[--config K=V]... [--nexus-secrets-plugin DIR --control-plane-uri URI --token-file FILE] "
                            + "[--nexus-trino-plugin DIR [--audit-spool DIR] [--sync-principal USER]] [--spooling FILE [--nexus-spooling-plugin DIR]] "
                            + "[--https-port N --tls-dir DIR --jwks-uri URI --shared-secret-file FILE "
                            + "[--jwt-issuer ISS] [--jwt-audience AUD]] | ready --port N"
                            + " | prepare-spool-store --home DIR --port N --bucket B --access-key-file F --secret-key-file F");
        }
        Iterator<String> iterator = args.iterator();
        String command = iterator.next();
        Path dist = null;
        Path home = null;
        int port = -1;
        String heap = "2G";
        List<Path> plugins = new ArrayList<>();
        SortedMap<String, String> config = new TreeMap<>();
        Path nexusSecretsPlugin = null;
        URI controlPlaneUri = null;
        Path tokenFile = null;
        Path nexusTrinoPlugin = null;
        Path auditSpool = null;
        String syncPrincipal = "nexus-sync";
        int httpsPort = -1;
        Path tlsDir = null;
        URI jwksUri = null;
        Path sharedSecretFile = null;
        String jwtIssuer = "nexus-gateway";
        String jwtAudience = "nexus-trino";
        Path spooling = null;
        Path nexusSpoolingPlugin = null;
        String bucket = null;
        Path accessKeyFile = null;
        Path secretKeyFile = null;
        while (iterator.hasNext()) {
            String option = iterator.next();
            if (!iterator.hasNext()) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = iterator.next();
            switch (option) {
                case "--dist" -> dist = Path.of(value);
                case "--home" -> home = Path.of(value);
                case "--port" -> port = Integer.parseInt(value);
                case "--heap" -> heap = value;
                case "--plugin" -> plugins.add(Path.of(value));
                case "--config" -> putKeyValue(config, value);
                case "--nexus-secrets-plugin" -> nexusSecretsPlugin = Path.of(value);
                case "--control-plane-uri" -> controlPlaneUri = URI.create(value);
                case "--token-file" -> tokenFile = Path.of(value);
                case "--nexus-trino-plugin" -> nexusTrinoPlugin = Path.of(value);
                case "--audit-spool" -> auditSpool = Path.of(value);
                case "--sync-principal" -> syncPrincipal = value;
                case "--https-port" -> httpsPort = Integer.parseInt(value);
                case "--tls-dir" -> tlsDir = Path.of(value);
                case "--jwks-uri" -> jwksUri = URI.create(value);
                case "--shared-secret-file" -> sharedSecretFile = Path.of(value);
                case "--jwt-issuer" -> jwtIssuer = value;
                case "--jwt-audience" -> jwtAudience = value;
                case "--spooling" -> spooling = Path.of(value);
                case "--nexus-spooling-plugin" -> nexusSpoolingPlugin = Path.of(value);
                case "--bucket" -> bucket = value;
                case "--access-key-file" -> accessKeyFile = Path.of(value);
                case "--secret-key-file" -> secretKeyFile = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        switch (command) {
            case "prepare" -> {
                require(dist != null, "--dist is required");
                require(home != null, "--home is required");
                require(port > 0, "--port is required");
                TrinoNodeConfig nodeConfig = TrinoNodeConfig.of(home, port, heap)
                        .withExtraPlugins(plugins)
                        .withExtraConfig(config);
                if (nexusSecretsPlugin != null) {
                    require(
                            controlPlaneUri != null && tokenFile != null,
                            "--control-plane-uri and --token-file are required with --nexus-secrets-plugin");
                    nodeConfig = nodeConfig.withSecretsPlugin(
                            NexusSecretsProvider.plugin(nexusSecretsPlugin, controlPlaneUri, tokenFile));
                }
                if (nexusTrinoPlugin != null) {
                    require(
                            controlPlaneUri != null && tokenFile != null,
                            "--control-plane-uri and --token-file are required with --nexus-trino-plugin");
                    nodeConfig = NexusTrinoPlugin.install(
                            nodeConfig,
                            nexusTrinoPlugin,
                            controlPlaneUri,
                            tokenFile,
                            auditSpool != null ? auditSpool : home.resolve("audit-spool"),
                            syncPrincipal);
                }
                if (spooling != null) {
                    // a file, not options: the storage credentials and shared secret stay off command lines
                    nodeConfig = SpoolingConfig.fromProperties(readProperties(spooling))
                            .applyTo(nodeConfig, java.util.Optional.ofNullable(nexusSpoolingPlugin));
                }
                if (httpsPort > 0) {
                    require(
                            tlsDir != null && jwksUri != null && sharedSecretFile != null,
                            "--tls-dir, --jwks-uri and --shared-secret-file are required with --https-port");
                    nodeConfig = nodeConfig.withSecurity(new TrinoNodeConfig.Security(
                            httpsPort,
                            TrinoTls.ensure(tlsDir, Path.of(System.getProperty("java.home"))),
                            jwksUri,
                            jwtIssuer,
                            jwtAudience,
                            readSecret(sharedSecretFile)));
                }
                TrinoHome trinoHome = TrinoHome.prepare(TrinoDistribution.ensure(dist), nodeConfig);
                System.out.println(trinoHome.argFile());
                return 0;
            }
            case "ready" -> {
                require(port > 0, "--port is required");
                return TrinoServer.isReady(URI.create("http://127.0.0.1:" + port)) ? 0 : 1;
            }
            case "prepare-spool-store" -> {
                require(home != null && port > 0 && bucket != null, "--home, --port and --bucket are required");
                require(
                        accessKeyFile != null && secretKeyFile != null,
                        "--access-key-file and --secret-key-file are required");
                System.out.println(SpoolStore.prepare(new SpoolStore.Config(
                        home, port, bucket, readSecret(accessKeyFile), readSecret(secretKeyFile))));
                return 0;
            }
            default -> throw new IllegalArgumentException("unknown command " + command);
        }
    }

    private static java.util.Map<String, String> readProperties(Path file) {
        java.util.Properties properties = new java.util.Properties();
        try (java.io.Reader reader = java.nio.file.Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        SortedMap<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    private static String readSecret(Path file) {
        try {
            return java.nio.file.Files.readString(file).strip();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static void putKeyValue(SortedMap<String, String> target, String keyValue) {
        int separator = keyValue.indexOf('=');
        require(separator > 0, "expected KEY=VALUE, got " + keyValue);
        target.put(keyValue.substring(0, separator), keyValue.substring(separator + 1));
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

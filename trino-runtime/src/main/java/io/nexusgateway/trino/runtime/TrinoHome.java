package io.nexusgateway.trino.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The one Trino config generator: {@code bin/nexus up} and the tests lay out a Trino home with it, so what is tested is what runs.
 * <p>
 * Layout under {@code home}: {@code etc/} (generated on every start), {@code plugin/} (links to the distribution's plugins plus
 * Nexus' own), {@code secrets-plugin/}, {@code catalog/} (the dynamic catalog store, kept across restarts), {@code data/}
 * (node data dir) and {@code launch.args}, a {@code java @argfile} that starts the server.
 */
public record TrinoHome(Path home, TrinoDistribution distribution, TrinoNodeConfig config) {
    public static final String MAIN_CLASS = "io.trino.server.TrinoServer";
    /** The JWT claim Trino takes as the principal: the user, or {@code <user>/key/<API key id>}. */
    public static final String PRINCIPAL_CLAIM = "nexus_principal";
    /** Maps that principal to the Trino user (Trino's user mapping: the whole principal must match, user = $1). */
    public static final String PRINCIPAL_USER_PATTERN = "([^/]+)(?:/key/[^/]+)?";

    /**
     * The spool store's S3 credentials, as an AWS profile file: Trino's startup config dump prints {@code
     * s3.aws-access-key} (only the secret key is marked security-sensitive), so the keys are not Trino properties at
     * all. The AWS SDK's default chain reads them from this file ({@code aws.sharedCredentialsFile}, profile {@value
     * #SPOOLING_PROFILE}); Trino's S3 file system uses that chain when no key is configured.
     */
    public static final String SPOOLING_CREDENTIALS_FILE = "spooling-aws-credentials";

    static final String SPOOLING_PROFILE = "nexus-spooling";
    static final String PLUGIN_MARKER = "nexus-plugin.properties";
    private static final String SPOOLING_AWS_CONFIG_FILE = "spooling-aws-config";
    private static final String S3_ACCESS_KEY = "s3.aws-access-key";
    private static final String S3_SECRET_KEY = "s3.aws-secret-key";

    /**
     * Environment variables that come before the profile file in the AWS SDK's default chain: removed from Trino's
     * environment when it reads the spool store's credentials from {@link #SPOOLING_CREDENTIALS_FILE}.
     */
    public static final List<String> AWS_CREDENTIAL_VARIABLES = List.of(
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI");

    // Trino's recommended JVM flags, sized by maxHeap; the plugin and secrets SPI need no extra --add-opens on JDK 24+.
    private static final List<String> JVM_FLAGS = List.of(
            "-XX:+UseG1GC",
            "-XX:G1HeapRegionSize=32M",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:-OmitStackTraceInFastThrow",
            "-XX:ReservedCodeCacheSize=256M",
            "-XX:PerMethodRecompilationCutoff=10000",
            "-XX:PerBytecodeRecompilationCutoff=10000",
            "-XX:+EnableDynamicAgentLoading",
            "-Djdk.attach.allowAttachSelf=true",
            "-Djdk.nio.maxCachedBufferSize=2000000",
            "-Dfile.encoding=UTF-8",
            "--enable-native-access=ALL-UNNAMED");

    public TrinoHome {
        requireNonNull(home, "home is null");
        requireNonNull(distribution, "distribution is null");
        requireNonNull(config, "config is null");
    }

    /** Writes (or rewrites) the home for {@code config}; the catalog store and data survive. */
    public static TrinoHome prepare(TrinoDistribution distribution, TrinoNodeConfig config) {
        TrinoHome trinoHome = new TrinoHome(config.home(), distribution, config);
        try {
            trinoHome.write();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lay out Trino home " + config.home() + ": " + e.getMessage(), e);
        }
        return trinoHome;
    }

    public Path etcDir() {
        return home.resolve("etc");
    }

    public Path pluginDir() {
        return home.resolve("plugin");
    }

    public Path secretsPluginDir() {
        return home.resolve("secrets-plugin");
    }

    public Path catalogDir() {
        return home.resolve("catalog");
    }

    public Path dataDir() {
        return home.resolve("data");
    }

    public Path argFile() {
        return home.resolve("launch.args");
    }

    /** True when Trino reads the spool store's credentials from {@link #SPOOLING_CREDENTIALS_FILE}. */
    public boolean usesSpoolingCredentialsFile() {
        SortedMap<String, String> manager = config.etcFiles().get(SpoolingConfig.SPOOLING_MANAGER_FILE);
        return manager != null && manager.containsKey(S3_ACCESS_KEY) && manager.containsKey(S3_SECRET_KEY);
    }

    public Path logFile() {
        return home.resolve("log").resolve("server.log");
    }

    public URI httpUri() {
        return URI.create("http://127.0.0.1:" + config.httpPort());
    }

    /** Where clients connect: HTTPS when the node has {@link TrinoNodeConfig.Security}, else plain HTTP. */
    public URI clientUri() {
        return config.security()
                .map(security -> URI.create("https://127.0.0.1:" + security.httpsPort()))
                .orElseGet(this::httpUri);
    }

    /** trino-jdbc URL for clients; over HTTPS it trusts the node's certificate. A token still has to be added. */
    public String jdbcUrl() {
        return config.security()
                .map(security -> "jdbc:trino://127.0.0.1:" + security.httpsPort() + "?SSL=true&SSLTrustStorePath="
                        + security.tls().certificate())
                .orElseGet(() -> "jdbc:trino://127.0.0.1:" + config.httpPort());
    }

    /** The generated {@code config.properties}, in order. */
    public SortedMap<String, String> serverProperties() {
        SortedMap<String, String> properties = new TreeMap<>();
        properties.put("coordinator", "true");
        properties.put("node-scheduler.include-coordinator", "true");
        properties.put("node.environment", "nexus");
        properties.put("node.id", nodeId());
        // pins the advertised address to loopback instead of the machine's IP
        properties.put("node.internal-address", "127.0.0.1");
        // listen on loopback only: nothing but the control plane and local clients reach this Trino
        properties.put("node.bind-ip", "127.0.0.1");
        properties.put("http-server.http.port", Integer.toString(config.httpPort()));
        properties.put("discovery.uri", httpUri().toString());
        properties.put("plugin.dir", pluginDir().toString());
        properties.put("catalog.management", "dynamic");
        properties.put("catalog.store", "file");
        // the 15m default keeps finished queries on the heap: under load throughput fell by a third (trino-notes);
        // the audit trail comes from the event listener, not from Trino's query history
        properties.put("query.min-expire-age", "1m");
        config.security().ifPresent(security -> properties.putAll(securityProperties(security)));
        properties.putAll(config.extraConfig());
        return properties;
    }

    private static SortedMap<String, String> securityProperties(TrinoNodeConfig.Security security) {
        SortedMap<String, String> properties = new TreeMap<>();
        properties.put("http-server.https.enabled", "true");
        properties.put("http-server.https.port", Integer.toString(security.httpsPort()));
        properties.put(
                "http-server.https.keystore.path", security.tls().keystore().toString());
        properties.put("http-server.https.keystore.key", security.tls().password());
        // JWT is only honoured over HTTPS; allow-insecure-over-http is never set: it makes the HTTP port trust
        // X-Trino-User, so anyone could be anyone (trino-notes)
        properties.put("http-server.authentication.type", "JWT");
        properties.put(
                "http-server.authentication.jwt.key-file", security.jwksUri().toString());
        properties.put("http-server.authentication.jwt.required-issuer", security.issuer());
        properties.put("http-server.authentication.jwt.required-audience", security.audience());
        // Trino gives its access control a token's principal and nothing else, so the control plane's tokens carry
        // one that names the API key they were exchanged for ("alice/key/<id>"); the user is the part before it
        // (contracts/token-principal.json)
        properties.put("http-server.authentication.jwt.principal-field", PRINCIPAL_CLAIM);
        properties.put("http-server.authentication.jwt.user-mapping.pattern", PRINCIPAL_USER_PATTERN);
        // Trino's own node-to-node requests (the HTTP port) authenticate with this secret
        properties.put("internal-communication.shared-secret", security.sharedSecret());
        // a JWT-authenticated web UI needs an OAuth2 login flow we do not offer; the UI would only invite guessing
        properties.put("web-ui.enabled", "false");
        return properties;
    }

    /** Deletes every catalog in the dynamic catalog store (Trino must be stopped); the directory stays private. */
    public void deleteCatalogs() throws IOException {
        Directories.deleteRecursively(catalogDir());
        PrivateFiles.createDirectories(catalogDir());
    }

    /** The JVM command line after {@code java}, exactly as written to {@link #argFile()}. */
    public List<String> launchArguments() {
        List<String> arguments = new ArrayList<>();
        arguments.add("-Xmx" + config.maxHeap());
        arguments.addAll(JVM_FLAGS);
        arguments.add("-Dconfig=" + etcDir().resolve("config.properties"));
        arguments.add("-Dlog.levels-file=" + etcDir().resolve("log.properties"));
        config.secretsPlugin().ifPresent(secrets -> arguments.addAll(SecretsConfiguration.jvmArguments(etcDir())));
        if (usesSpoolingCredentialsFile()) {
            // paths only: the keys themselves stay in the 0600 file
            arguments.add("-Daws.sharedCredentialsFile=" + etcDir().resolve(SPOOLING_CREDENTIALS_FILE));
            arguments.add("-Daws.configFile=" + etcDir().resolve(SPOOLING_AWS_CONFIG_FILE));
            arguments.add("-Daws.profile=" + SPOOLING_PROFILE);
        }
        arguments.add("-cp");
        arguments.add(distribution.libDir() + "/*");
        arguments.add(MAIN_CLASS);
        return List.copyOf(arguments);
    }

    private void write() throws IOException {
        // etc/ holds secrets, catalog/ connection settings, data/ and log/ what Trino logs about users' queries
        PrivateFiles.createDirectories(home);
        PrivateFiles.createDirectories(etcDir());
        PrivateFiles.createDirectories(catalogDir());
        PrivateFiles.createDirectories(dataDir());
        PrivateFiles.createDirectories(logFile().getParent());
        // Trino runs in the data dir and reads etc/catalog-store.properties, etc/secrets... relative to it
        Path etcLink = dataDir().resolve("etc");
        if (!Files.isSymbolicLink(etcLink)) {
            if (Files.exists(etcLink)) {
                Directories.deleteRecursively(etcLink);
            }
            Files.createSymbolicLink(etcLink, etcDir());
        }

        // holds the keystore password and the internal shared secret (0600, as every generated file)
        writeProperties(etcDir().resolve("config.properties"), serverProperties());
        writeProperties(
                etcDir().resolve("catalog-store.properties"),
                new TreeMap<>(Map.of(
                        // must live here, not in config.properties (trino-notes)
                        "catalog.config-dir", catalogDir().toString())));
        for (Map.Entry<String, SortedMap<String, String>> file :
                config.etcFiles().entrySet()) {
            SortedMap<String, String> properties = new TreeMap<>(file.getValue());
            if (file.getKey().equals(SpoolingConfig.SPOOLING_MANAGER_FILE) && usesSpoolingCredentialsFile()) {
                writeSpoolingCredentials(properties.remove(S3_ACCESS_KEY), properties.remove(S3_SECRET_KEY));
            }
            writeProperties(etcDir().resolve(file.getKey()), properties);
        }
        if (!usesSpoolingCredentialsFile()) {
            Files.deleteIfExists(etcDir().resolve(SPOOLING_CREDENTIALS_FILE));
            Files.deleteIfExists(etcDir().resolve(SPOOLING_AWS_CONFIG_FILE));
        }
        writeProperties(
                etcDir().resolve("log.properties"),
                new TreeMap<>(Map.of(
                        "io.trino", "INFO",
                        "io.airlift", "INFO",
                        "org.eclipse.jetty", "WARN")));

        replaceDirectory(pluginDir());
        Map<Path, String> wrappers = new LinkedHashMap<>();
        for (Path plugin : config.extraPlugins()) {
            wrappedPlugin(plugin).ifPresent(wrapped -> wrappers.put(plugin, wrapped));
        }
        for (String plugin : distribution.plugins()) {
            // a wrapped plugin is loaded inside its wrapper only: twice, its factories would clash
            if (!wrappers.containsValue(plugin)) {
                Files.createSymbolicLink(
                        pluginDir().resolve(plugin), distribution.pluginDir().resolve(plugin));
            }
        }
        for (Path plugin : config.extraPlugins()) {
            Path installed = pluginDir().resolve(plugin.getFileName().toString());
            copyDirectory(plugin, installed);
            String wrapped = wrappers.get(plugin);
            if (wrapped != null) {
                linkJars(distribution.pluginDir().resolve(wrapped), installed);
            }
        }

        replaceDirectory(secretsPluginDir());
        if (config.secretsPlugin().isPresent()) {
            TrinoNodeConfig.SecretsPlugin secrets = config.secretsPlugin().get();
            copyDirectory(secrets.pluginDir(), secretsPluginDir().resolve(secrets.namespace()));
            SecretsConfiguration.write(etcDir(), secretsPluginDir(), secrets);
        }

        List<String> lines =
                launchArguments().stream().map(TrinoHome::quoteArgument).toList();
        PrivateFiles.write(argFile(), String.join("\n", lines) + "\n");
    }

    private void writeSpoolingCredentials(String accessKey, String secretKey) throws IOException {
        for (String key : List.of(accessKey, secretKey)) {
            if (key.isBlank() || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("spool store credentials must be printable ASCII without blanks");
            }
        }
        PrivateFiles.write(
                etcDir().resolve(SPOOLING_CREDENTIALS_FILE),
                "[" + SPOOLING_PROFILE + "]\naws_access_key_id = " + accessKey + "\naws_secret_access_key = "
                        + secretKey + "\n");
        // empty: nothing from ~/.aws/config (a role, a credential process) mixes in
        PrivateFiles.write(etcDir().resolve(SPOOLING_AWS_CONFIG_FILE), "");
    }

    private String nodeId() {
        Path nodeIdFile = home.resolve("node.id");
        try {
            if (Files.exists(nodeIdFile)) {
                return Files.readString(nodeIdFile, UTF_8).strip();
            }
            PrivateFiles.createDirectories(home);
            String nodeId = "nexus-" + UUID.randomUUID();
            // written aside, then linked into place: a concurrent prepare sees the whole id or none
            Path written = Files.createTempFile(
                    home,
                    ".node.id",
                    ".tmp",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
            try {
                Files.writeString(written, nodeId, UTF_8);
                Files.createLink(nodeIdFile, written);
            } catch (FileAlreadyExistsException e) {
                return Files.readString(nodeIdFile, UTF_8).strip();
            } finally {
                Files.deleteIfExists(written);
            }
            return nodeId;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a {@code .properties} file Trino (or S3Proxy) reads, escaped and 0600: see {@link PropertiesFiles}. */
    static void writeProperties(Path file, SortedMap<String, String> properties) throws IOException {
        PropertiesFiles.write(file, properties);
    }

    // java @argfile syntax: quote every argument, escape backslashes and quotes
    private static String quoteArgument(String argument) {
        return '"' + argument.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * The Trino plugin that {@code plugin} wraps, if its {@value #PLUGIN_MARKER} says {@code wraps=<plugin>}: Trino
     * gives each plugin directory one class loader, and the wrapper must load the wrapped plugin's classes, so that
     * plugin's jars go into the wrapper's directory instead of their own.
     */
    private Optional<String> wrappedPlugin(Path plugin) throws IOException {
        Path marker = plugin.resolve(PLUGIN_MARKER);
        if (!Files.exists(marker)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(marker, UTF_8)) {
            properties.load(reader);
        }
        String wrapped = properties.getProperty("wraps", "");
        if (!distribution.plugins().contains(wrapped)) {
            throw new IOException(plugin + " wraps Trino's plugin '" + wrapped + "', which " + distribution.pluginDir()
                    + " does not have");
        }
        return Optional.of(wrapped);
    }

    private static void linkJars(Path source, Path target) throws IOException {
        try (Stream<Path> jars = Files.list(source)) {
            for (Path jar : jars.filter(jar -> jar.getFileName().toString().endsWith(".jar"))
                    .toList()) {
                Files.createSymbolicLink(target.resolve(jar.getFileName()), jar);
            }
        }
    }

    private static void replaceDirectory(Path directory) throws IOException {
        if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            Directories.deleteRecursively(directory);
        }
        Files.createDirectories(directory);
    }

    private static void copyDirectory(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            throw new IOException(
                    "Plugin directory " + source + " does not exist: build the trino-plugin module first");
        }
        try (Stream<Path> entries = Files.walk(source)) {
            for (Path entry : entries.toList()) {
                Path destination = target.resolve(source.relativize(entry).toString());
                if (Files.isDirectory(entry)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(entry, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}

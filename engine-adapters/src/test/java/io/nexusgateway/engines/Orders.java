package io.nexusgateway.engines;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.nexusgateway.testing.db.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The source table the engine adapters' tests copy and aggregate, {@code orders} on MariaDB: {@link #ROWS} rows with
 * non-ASCII names, NULLs, decimals and millisecond timestamps; with the checks of what a copy or an aggregation of it
 * must write, and the probes of the password tests.
 */
public final class Orders {
    public static final int ROWS = 300;

    /** Its columns with their Trino types. */
    public static final List<EngineTable.Column> COLUMNS = List.of(
            new EngineTable.Column("id", "integer"),
            new EngineTable.Column("name", "varchar(40)"),
            new EngineTable.Column("category", "varchar(10)"),
            new EngineTable.Column("amount", "decimal(12,2)"),
            new EngineTable.Column("created_at", "timestamp(3)"),
            new EngineTable.Column("note", "varchar(100)"));

    /** PostgreSQL's table of the same columns, named {@code table}. */
    public static String createCopyTable(String table) {
        return "CREATE TABLE " + table + " (id INTEGER, name VARCHAR(40), category VARCHAR(10), amount DECIMAL(12,2),"
                + " created_at TIMESTAMP(3), note VARCHAR(100))";
    }

    private Orders() {}

    /** Creates and fills {@code orders}. */
    public static void create(TestDatabase source) throws SQLException {
        try (Connection connection = source.openConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, name VARCHAR(40), category VARCHAR(10),"
                        + " amount DECIMAL(12,2), created_at DATETIME(3), note VARCHAR(100))"
                        + " CHARACTER SET utf8mb4");
            }
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int id = 1; id <= ROWS; id++) {
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

    /** Asserts that {@code table} of {@code target} holds a copy of every row, values and NULLs as they were. */
    public static void assertCopied(TestDatabase target, String table) throws SQLException {
        try (Connection connection = target.openConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*), sum(amount), count(amount), count(note),"
                        + " min(created_at), max(created_at) FROM " + table)) {
            assertThat(result.next()).isTrue();
            assertThat(result.getLong(1)).isEqualTo(ROWS);
            assertThat(result.getBigDecimal(2)).isEqualByComparingTo(amountSum());
            assertThat(result.getLong(3)).isEqualTo(ROWS - ROWS / 11);
            assertThat(result.getLong(4)).isEqualTo(ROWS - ROWS / 3);
            assertThat(result.getTimestamp(5).toLocalDateTime()).isEqualTo(createdAt(1));
            assertThat(result.getTimestamp(6).toLocalDateTime()).isEqualTo(createdAt(ROWS));
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

    /** {@code category count total} per category, ordered, as {@code GROUP BY category} with count and sum gives. */
    public static List<String> totalsByCategory() {
        List<String> expected = new ArrayList<>();
        for (int group = 0; group < 5; group++) {
            long count = 0;
            BigDecimal total = BigDecimal.ZERO.setScale(2);
            for (int id = 1; id <= ROWS; id++) {
                if (category(id).equals("c" + group)) {
                    count++;
                    total = amount(id) == null ? total : total.add(amount(id));
                }
            }
            expected.add("c" + group + " " + count + " " + total);
        }
        return expected;
    }

    /** {@code category orders total} of each row of {@code table}, ordered by category. */
    public static List<String> readTotals(TestDatabase target, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = target.openConnection();
                Statement statement = connection.createStatement();
                ResultSet result =
                        statement.executeQuery("SELECT category, orders, total FROM " + table + " ORDER BY category")) {
            while (result.next()) {
                rows.add(result.getString(1) + " " + result.getLong(2) + " " + result.getBigDecimal(3));
            }
        }
        return rows;
    }

    public static long countRows(TestDatabase database, String table) throws SQLException {
        try (Connection connection = database.openConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Every process' command line, for the password tests. */
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

    /** A loopback port nothing listens on, for an unreachable source. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    private static BigDecimal amountSum() {
        BigDecimal sum = BigDecimal.ZERO;
        for (int id = 1; id <= ROWS; id++) {
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
}

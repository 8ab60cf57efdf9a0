package io.nexusgateway.catalogsync.trino;

import io.nexusgateway.testing.SharedTrino;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/** The shared Trino 476 of this test JVM, seen the way the sync service sees it, and helpers around it. */
public final class TrinoTesting {
    public static final String USER = "nexus-catalog-sync-test";

    private TrinoTesting() {}

    public static SharedTrino trino() {
        return SharedTrino.get();
    }

    public static Properties connectionProperties() {
        return trino().connectionProperties(USER);
    }

    public static TrinoCatalogClient client() {
        return new TrinoCatalogClient(trino().jdbcUrl(), connectionProperties());
    }

    /** A catalog name no other test uses: {@code prefix_} and 8 random hex digits. */
    public static String uniqueCatalogName(String prefix) {
        return prefix + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8).toLowerCase(Locale.ROOT);
    }

    /** A JDBC URL of a Trino that is not there: a port the OS just handed out and took back. */
    public static String unusedTrinoUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "jdbc:trino://127.0.0.1:" + socket.getLocalPort() + "?SSL=true";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code sql} on the shared Trino and returns every row's columns as strings. */
    public static List<List<String>> query(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(trino().jdbcUrl(), connectionProperties());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            List<List<String>> result = new ArrayList<>();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(rows.getString(column));
                }
                result.add(row);
            }
            return result;
        }
    }
}

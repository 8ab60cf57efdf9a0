package io.nexusgateway.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class TestConnectionTest {
    private static final ConnectionTest MYSQL = new ConnectionTest("jdbc:mysql://db:3306", Map.of(), Set.of(1045));

    @ParameterizedTest
    @CsvSource(
            nullValues = "-",
            value = {
                "28000, 0, x, AUTHENTICATION",
                "-, 1045, x, AUTHENTICATION",
                "-, 0, FATAL: password authentication failed for user, AUTHENTICATION",
                "-, 0, Access denied for user, AUTHENTICATION",
                "08001, 0, x, REACHABILITY",
                "-, 0, Connection refused, REACHABILITY",
                "-, 0, IO Error: The Network Adapter could not establish the connection, REACHABILITY",
                "-, 0, Socket fail to connect, REACHABILITY",
                "-, 1017, x, ERROR",
                "42000, 0, syntax, ERROR"
            })
    void testClassify(@Nullable String state, int vendorCode, String message, ConnectionTestCode code) {
        assertThat(MYSQL.classify(new SQLException(message, state, vendorCode))).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource({"1017, AUTHENTICATION", "1045, AUTHENTICATION", "12541, ERROR"})
    void testVendorCodes(int vendorCode, ConnectionTestCode code) {
        ConnectionTest oracle = new ConnectionTest("jdbc:oracle:thin:@//db:1521/X", Map.of(), Set.of(1017, 1045));
        assertThat(oracle.classify(new SQLException("x", null, vendorCode))).isEqualTo(code);
    }

    @ParameterizedTest
    @CsvSource({"connection refused"})
    void testOnlySqlExceptionsAreClassified(String message) {
        assertThat(MYSQL.classify(new IllegalStateException(message))).isEqualTo(ConnectionTestCode.ERROR);
    }
}

package io.nexusgateway.connectors;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How to test a datasource with the source's own JDBC driver (not through Trino), to tell reachability from
 * authentication.
 *
 * @param jdbcUrl the URL Trino's catalog gets, so the test connects where Trino would; it holds no password
 * @param driverProperties the vendor's driver properties besides {@code user} and {@code password}
 * @param authenticationErrorCodes the vendor error codes ({@link SQLException#getErrorCode()}) of a refused login
 */
public record ConnectionTest(
        String jdbcUrl, Map<String, String> driverProperties, Set<Integer> authenticationErrorCodes) {
    public ConnectionTest {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        driverProperties = Map.copyOf(driverProperties);
        authenticationErrorCodes = Set.copyOf(authenticationErrorCodes);
    }

    /**
     * {@link ConnectionTestCode#AUTHENTICATION}, {@link ConnectionTestCode#REACHABILITY} or {@link
     * ConnectionTestCode#ERROR}: by SQL state (28: authorization, 08: connection), the vendor's codes, and the drivers'
     * usual messages.
     */
    public ConnectionTestCode classify(Throwable failure) {
        if (failure instanceof SQLException sqlException) {
            String state = sqlException.getSQLState() == null ? "" : sqlException.getSQLState();
            String message = String.valueOf(sqlException.getMessage()).toLowerCase(Locale.ROOT);
            if (state.startsWith("28")
                    || authenticationErrorCodes.contains(sqlException.getErrorCode())
                    || message.contains("password authentication failed")
                    || message.contains("access denied")) {
                return ConnectionTestCode.AUTHENTICATION;
            }
            if (state.startsWith("08")
                    || message.contains("connection refused")
                    || message.contains("could not connect")
                    || message.contains("unknown host")
                    || message.contains("io error")
                    || message.contains("timed out")
                    || message.contains("socket")
                    || message.contains("listener")
                    || message.contains("network adapter")) {
                return ConnectionTestCode.REACHABILITY;
            }
        }
        return ConnectionTestCode.ERROR;
    }
}

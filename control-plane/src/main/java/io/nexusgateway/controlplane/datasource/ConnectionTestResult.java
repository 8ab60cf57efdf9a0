package io.nexusgateway.controlplane.datasource;

import io.nexusgateway.connectors.ConnectionTestCode;
import org.jspecify.annotations.Nullable;

/**
 * Outcome of a real connection through the source's own JDBC driver.
 *
 * @param reachable the server answered on host:port
 * @param authenticated the login succeeded
 * @param errorCode why the test failed, or that it does not apply
 */
public record ConnectionTestResult(
        boolean success,
        boolean reachable,
        boolean authenticated,
        @Nullable String serverVersion,
        long latencyMs,
        @Nullable ConnectionTestCode errorCode,
        @Nullable String message) {}

package io.nexusgateway.controlplane.datasource;

import org.jspecify.annotations.Nullable;

/**
 * Outcome of a real connection through the source's own JDBC driver.
 *
 * @param reachable the server answered on host:port
 * @param authenticated the login succeeded
 * @param errorCode REACHABILITY, AUTHENTICATION, TIMEOUT, NOT_APPLICABLE or ERROR when something failed
 */
public record ConnectionTestResult(
        boolean success,
        boolean reachable,
        boolean authenticated,
        @Nullable String serverVersion,
        long latencyMs,
        @Nullable String errorCode,
        @Nullable String message) {}

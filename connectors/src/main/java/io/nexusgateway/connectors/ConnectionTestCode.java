package io.nexusgateway.connectors;

/** Why a connection test failed; the API carries the name as {@code errorCode}. */
public enum ConnectionTestCode {
    /** The server could not be reached on host:port (refused, unknown host, network error). */
    REACHABILITY,
    /** The server answered but refused the login. */
    AUTHENTICATION,
    /** No answer within the test's deadline. */
    TIMEOUT,
    /** The type is served by Trino itself: nothing to connect to. */
    NOT_APPLICABLE,
    /** Any other failure. */
    ERROR
}

package io.nexusgateway.controlplane.web;

/** Ends a response whose body has started: the connection is aborted so the client sees a broken transfer. */
public final class ResponseAbortedException extends RuntimeException {
    public ResponseAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}

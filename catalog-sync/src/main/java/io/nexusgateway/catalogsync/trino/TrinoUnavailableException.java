package io.nexusgateway.catalogsync.trino;

/** Trino could not be reached, or did not answer in time; nothing is known about what it did. */
public final class TrinoUnavailableException extends RuntimeException {
    public TrinoUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public TrinoUnavailableException(String message) {
        super(message);
    }
}

package io.nexusgateway.catalogsync;

/** Trino could not be reached, or did not answer in time; nothing is known about what it did. */
public final class TrinoUnavailableException extends RuntimeException {
    TrinoUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    TrinoUnavailableException(String message) {
        super(message);
    }
}

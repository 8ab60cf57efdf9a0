package io.nexusgateway.trino.secrets;

import java.net.URI;
import java.time.Duration;

/**
 * A secret could not be resolved. Messages name the key and the control plane, never a secret value or
 * the token: airlift copies the message into the error of the {@code CREATE CATALOG} query (and so into
 * {@code system.runtime.queries} and every event listener) or into Trino's log at startup.
 */
public final class NexusSecretException extends RuntimeException {
    private NexusSecretException(String message) {
        super(message);
    }

    private NexusSecretException(String message, Throwable cause) {
        super(message, cause);
    }

    static NexusSecretException notFound(String key, URI controlPlaneUri) {
        return new NexusSecretException("Secret '%s' does not exist in the Nexus control plane at %s (HTTP 404)"
                .formatted(key, controlPlaneUri));
    }

    static NexusSecretException tokenRejected(String key, URI controlPlaneUri, int status) {
        return new NexusSecretException(
                ("Nexus control plane at %s refused to resolve secret '%s' (HTTP %d): check the internal token in the "
                                + "%s secrets provider's token-file")
                        .formatted(controlPlaneUri, key, status, NexusSecretProviderFactory.NAME));
    }

    static NexusSecretException unexpectedStatus(String key, URI controlPlaneUri, int status) {
        return new NexusSecretException("Nexus control plane at %s failed to resolve secret '%s' (HTTP %d)"
                .formatted(controlPlaneUri, key, status));
    }

    static NexusSecretException unavailable(
            String key,
            URI controlPlaneUri,
            int attempts,
            Duration retryDeadline,
            String lastFailure,
            Throwable cause) {
        return new NexusSecretException(
                "Nexus control plane at %s is unavailable, cannot resolve secret '%s': gave up after %d attempt(s) within the %s retry-deadline; last failure: %s"
                        .formatted(controlPlaneUri, key, attempts, format(retryDeadline), lastFailure),
                cause);
    }

    static NexusSecretException stillUnavailable(String key, URI controlPlaneUri, String failure, Throwable cause) {
        return new NexusSecretException(
                "Nexus control plane at %s is still unavailable, cannot resolve secret '%s' (not retried: an earlier secret already waited out the retry-deadline); failure: %s"
                        .formatted(controlPlaneUri, key, failure),
                cause);
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + "s" : millis + "ms";
    }

    static NexusSecretException interrupted(String key, InterruptedException cause) {
        return new NexusSecretException("Interrupted while resolving secret '%s'".formatted(key), cause);
    }
}

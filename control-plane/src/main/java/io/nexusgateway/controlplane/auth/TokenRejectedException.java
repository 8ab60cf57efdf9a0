package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

/** An access token that does not verify; the message is safe to show the caller (it names no key material). */
public final class TokenRejectedException extends RuntimeException {
    public enum Reason {
        MALFORMED,
        UNKNOWN_KEY,
        BAD_SIGNATURE,
        WRONG_ISSUER,
        WRONG_AUDIENCE,
        EXPIRED,
        NOT_YET_VALID
    }

    private final Reason reason;

    TokenRejectedException(Reason reason, String message) {
        super(message);
        this.reason = requireNonNull(reason, "reason is null");
    }

    public Reason reason() {
        return reason;
    }
}

package io.nexusgateway.controlplane.identity;

/** A bearer credential that does not authenticate; the message is safe to show ("API key revoked"). */
public final class CredentialRejectedException extends RuntimeException {
    public CredentialRejectedException(String message) {
        super(message);
    }
}

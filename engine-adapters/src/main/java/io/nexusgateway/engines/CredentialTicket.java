package io.nexusgateway.engines;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * A single-use ticket an engine exchanges for a job's passwords: {@code POST} {@link #exchangeUrl} with the JSON body
 * {@code {"ticket": "<token>"}} answers {@code {"passwords": {"<catalog>": "<password>"}}} once, then 404. The ticket
 * may sit in a job definition: once redeemed (or expired) it is worth nothing.
 */
public record CredentialTicket(URI exchangeUrl, String token) {
    public CredentialTicket {
        requireNonNull(exchangeUrl, "exchangeUrl is null");
        requireNonNull(token, "token is null");
    }

    @Override
    public String toString() {
        return "CredentialTicket[exchangeUrl=" + exchangeUrl + ", token=***]";
    }
}

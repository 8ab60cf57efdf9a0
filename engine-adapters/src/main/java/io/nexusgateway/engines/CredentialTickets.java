package io.nexusgateway.engines;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The passwords of the jobs being submitted, each behind a single-use ticket that expires. The control plane serves
 * {@link #redeem} at {@link #EXCHANGE_PATH}; engines' drivers call it at run time, so passwords travel only in that
 * answer, over loopback or the cluster network, never in what an engine stores or shows.
 */
public final class CredentialTickets {
    /** Where the control plane serves the exchange, relative to its base URL. */
    public static final String EXCHANGE_PATH = "/internal/v1/job-credentials";

    private final Supplier<URI> exchangeUrl;
    private final Clock clock;
    private final int maxOutstanding;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> tickets = new ConcurrentHashMap<>();

    /**
     * @param exchangeUrl the URL engines reach the exchange at (the control plane's base URL plus {@link
     *     #EXCHANGE_PATH})
     * @param maxOutstanding how many unredeemed tickets may exist: more submissions at once are refused
     */
    public CredentialTickets(URI exchangeUrl, Clock clock, int maxOutstanding) {
        this(() -> exchangeUrl, clock, maxOutstanding);
        requireNonNull(exchangeUrl, "exchangeUrl is null");
    }

    /** As above, for a URL known only once the server listens (a port the OS picked). */
    public CredentialTickets(Supplier<URI> exchangeUrl, Clock clock, int maxOutstanding) {
        this.exchangeUrl = requireNonNull(exchangeUrl, "exchangeUrl is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.maxOutstanding = maxOutstanding;
    }

    /**
     * A ticket for {@code passwords} (by catalog name), valid for {@code timeToLive} or one redemption.
     *
     * @throws EngineException {@link EngineException.Kind#UNAVAILABLE} when {@code maxOutstanding} tickets exist
     */
    public CredentialTicket issue(Map<String, String> passwords, Duration timeToLive) {
        Instant now = clock.instant();
        tickets.values().removeIf(entry -> !entry.expiresAt().isAfter(now));
        if (tickets.size() >= maxOutstanding) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "too many jobs are being submitted at once");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        tickets.put(token, new Entry(Map.copyOf(passwords), now.plus(timeToLive)));
        return new CredentialTicket(exchangeUrl.get(), token);
    }

    /** The passwords behind {@code token}, once; empty if it is unknown, redeemed or expired. */
    public Optional<Map<String, String>> redeem(String token) {
        Entry entry = tickets.remove(requireNonNull(token, "token is null"));
        if (entry == null || !entry.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(entry.passwords());
    }

    /** Drops {@code ticket} unredeemed, e.g. when the submission failed. */
    public void revoke(CredentialTicket ticket) {
        tickets.remove(ticket.token());
    }

    private record Entry(Map<String, String> passwords, Instant expiresAt) {}
}

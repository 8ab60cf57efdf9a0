package io.nexusgateway.trino.plugin.policy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Inject;
import io.airlift.log.Logger;
import io.nexusgateway.trino.plugin.ControlPlaneClient;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the last policy fetched from {@code GET /internal/v1/policy}, refreshed every
 * {@code nexus.policy.refresh-interval} on a background thread, so no access check ever waits for the network. When
 * the control plane cannot be reached the last good policy stays in force. Trino's start waits up to
 * {@code nexus.policy.initial-load-timeout} for the first policy while the control plane answers, so a Trino that just (re)started does not refuse its
 * first queries; without one {@link NexusAccessControl} refuses every query with {@link #NOT_LOADED}, which clients
 * of the REST API get as a retryable 503 ({@code contracts/access-denials.json}).
 */
public final class PolicyCache implements PolicySource {
    static final String POLICY_PATH = "internal/v1/policy";
    /** Every refusal for want of a policy contains this ({@code contracts/access-denials.json}). */
    public static final String NOT_LOADED = "the Nexus policy is not loaded";

    private static final long RETRY_MILLIS = 200;
    private static final Logger log = Logger.get(PolicyCache.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final ControlPlaneClient client;
    private final Duration refreshInterval;
    private final Duration initialLoadTimeout;
    private final AtomicReference<Optional<Policy>> current = new AtomicReference<>(Optional.empty());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "nexus-policy-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean lastFetchFailed;

    @Inject
    public PolicyCache(ControlPlaneClient client, NexusAccessControlConfig config) {
        this(
                client,
                Duration.ofMillis(config.getRefreshInterval().toMillis()),
                Duration.ofMillis(config.getInitialLoadTimeout().toMillis()));
    }

    PolicyCache(ControlPlaneClient client, Duration refreshInterval, Duration initialLoadTimeout) {
        this.client = requireNonNull(client, "client is null");
        this.refreshInterval = requireNonNull(refreshInterval, "refreshInterval is null");
        this.initialLoadTimeout = requireNonNull(initialLoadTimeout, "initialLoadTimeout is null");
    }

    @PostConstruct
    public void start() {
        // Trino answers "starting up" (clients retry) until its access control exists: load the policy here, unless
        // nothing listens at the control plane's address (it starts after Trino, as bin/nexus up and tests do)
        long deadline = System.nanoTime() + initialLoadTimeout.toNanos();
        for (Fetch fetch = fetch(); fetch == Fetch.FAILED; fetch = fetch()) {
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remainingMillis <= 0) {
                break;
            }
            try {
                Thread.sleep(Math.min(RETRY_MILLIS, remainingMillis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        scheduler.scheduleWithFixedDelay(
                this::refresh, refreshInterval.toMillis(), refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    public void stop() {
        scheduler.shutdownNow();
    }

    @Override
    public Optional<Policy> current() {
        return current.get();
    }

    static Policy parse(String json) throws IOException {
        return JSON.readValue(json, Policy.class);
    }

    /** One fetch; failures keep the previous policy and are logged once per outage. */
    boolean refresh() {
        return fetch() == Fetch.LOADED;
    }

    private enum Fetch {
        LOADED,
        /** Nothing listens at the control plane's address. */
        UNREACHABLE,
        FAILED
    }

    private Fetch fetch() {
        String failure;
        Fetch outcome = Fetch.FAILED;
        try {
            ControlPlaneClient.Response response = client.get(POLICY_PATH);
            if (response.isSuccess()) {
                current.set(Optional.of(parse(response.body())));
                if (lastFetchFailed) {
                    log.info("Nexus policy loaded again from %s", client.baseUri());
                }
                lastFetchFailed = false;
                return Fetch.LOADED;
            }
            failure = "HTTP " + response.status();
        } catch (ConnectException e) {
            failure = e.getClass().getSimpleName();
            outcome = Fetch.UNREACHABLE;
        } catch (IOException | RuntimeException e) {
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Fetch.FAILED;
        }
        if (!lastFetchFailed) {
            log.warn(
                    "Cannot load the Nexus policy from %s (%s); %s",
                    client.baseUri(),
                    failure,
                    current.get().isPresent()
                            ? "the last policy stays in force"
                            : "every query is refused until it loads");
        }
        lastFetchFailed = true;
        return outcome;
    }
}

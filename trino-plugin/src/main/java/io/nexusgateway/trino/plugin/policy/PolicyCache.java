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
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the last policy fetched from {@code GET /internal/v1/policy}, refreshed every
 * {@code nexus.policy.refresh-interval} on a background thread, so no access check ever waits for the network. When
 * the control plane cannot be reached the last good policy stays in force; before the first successful fetch there
 * is none, and {@link NexusAccessControl} denies every write.
 */
public final class PolicyCache implements PolicySource {
    static final String POLICY_PATH = "internal/v1/policy";
    private static final Logger log = Logger.get(PolicyCache.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final ControlPlaneClient client;
    private final Duration refreshInterval;
    private final AtomicReference<Optional<Policy>> current = new AtomicReference<>(Optional.empty());
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "nexus-policy-refresh");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean lastFetchFailed;

    @Inject
    public PolicyCache(ControlPlaneClient client, NexusAccessControlConfig config) {
        this(client, Duration.ofMillis(config.getRefreshInterval().toMillis()));
    }

    PolicyCache(ControlPlaneClient client, Duration refreshInterval) {
        this.client = requireNonNull(client, "client is null");
        this.refreshInterval = requireNonNull(refreshInterval, "refreshInterval is null");
    }

    @PostConstruct
    public void start() {
        scheduler.scheduleWithFixedDelay(this::refresh, 0, refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
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
        String failure;
        try {
            ControlPlaneClient.Response response = client.get(POLICY_PATH);
            if (response.isSuccess()) {
                current.set(Optional.of(parse(response.body())));
                if (lastFetchFailed) {
                    log.info("Nexus policy loaded again from %s", client.baseUri());
                }
                lastFetchFailed = false;
                return true;
            }
            failure = "HTTP " + response.status();
        } catch (IOException | RuntimeException e) {
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (!lastFetchFailed) {
            log.warn(
                    "Cannot load the Nexus policy from %s (%s); %s",
                    client.baseUri(),
                    failure,
                    current.get().isPresent()
                            ? "the last policy stays in force"
                            : "writes to every catalog are denied until it loads");
        }
        lastFetchFailed = true;
        return false;
    }
}

package io.nexusgateway.trino.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.airlift.spi.secrets.SecretProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${nexus:<key>}} by asking the control plane:
 * {@code GET {control-plane-uri}/internal/v1/secrets/{key}} with {@code Authorization: Bearer <token>}.
 *
 * <ul>
 *   <li>200: the body, decoded as UTF-8, is the value, returned unchanged (not trimmed).
 *   <li>404: {@link NexusSecretException} naming the key.
 *   <li>401, 403: the token was refused; other statuses except 503: failure without retry.
 *   <li>503 or an I/O failure (connection refused, reset, timeout): the control plane may still be starting, so
 *       the request (an idempotent GET) is repeated with exponential backoff until {@code retry-deadline} has
 *       passed since the first attempt. A request in flight when the deadline passes may finish (at most
 *       {@code request-timeout} later). After one resolution has given up, later ones make a single attempt
 *       until the control plane answers again, so a server start with many catalogs waits one deadline, not one
 *       per catalog.
 * </ul>
 *
 * <p>The token file is read for every resolution, so a rotated token is used without restarting Trino. Values
 * are never cached or logged; airlift asks again whenever a catalog is created (at {@code CREATE CATALOG} and
 * at every server start).
 */
public final class NexusSecretProvider implements SecretProvider {
    private static final System.Logger log = System.getLogger(NexusSecretProvider.class.getName());

    // keys become one path segment: no '/', no '..', nothing that needs percent-encoding
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String SECRETS_PATH = "internal/v1/secrets/";
    static final Duration INITIAL_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final NexusSecretProviderConfig config;
    private final HttpClient httpClient;
    private final RetryClock clock;
    private volatile boolean controlPlaneDown;

    NexusSecretProvider(NexusSecretProviderConfig config, HttpClient httpClient, RetryClock clock) {
        this.config = requireNonNull(config, "config is null");
        this.httpClient = requireNonNull(httpClient, "httpClient is null");
        this.clock = requireNonNull(clock, "clock is null");
        // fail at Trino startup, not at the first CREATE CATALOG, when the token file is unusable
        readToken();
    }

    @Override
    public String resolveSecretValue(String key) {
        requireNonNull(key, "key is null");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(
                    "Invalid %s secret key '%s': expected letters, digits, '.', '_' or '-', starting with a letter or digit"
                            .formatted(NexusSecretProviderFactory.NAME, key));
        }
        HttpRequest request = HttpRequest.newBuilder(config.controlPlaneUri().resolve(SECRETS_PATH + key))
                .GET()
                .timeout(config.requestTimeout())
                .header("Authorization", "Bearer " + readToken())
                .header("Accept", "text/plain")
                .build();

        // Once a resolution has waited out the whole deadline, the control plane is down rather than starting:
        // later resolutions try once until it answers again. Trino loads catalogs one after another at startup,
        // so without this every catalog would wait its own retry-deadline.
        boolean failFast = controlPlaneDown && !config.retryDeadline().isZero();
        long deadline =
                clock.nanoTime() + (failFast ? 0 : config.retryDeadline().toNanos());
        Duration backoff = INITIAL_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            String failure;
            IOException cause = null;
            try {
                HttpResponse<String> response = httpClient.send(request, BodyHandlers.ofString(UTF_8));
                if (response.statusCode() != 503) {
                    controlPlaneDown = false;
                }
                switch (response.statusCode()) {
                    case 200 -> {
                        return response.body();
                    }
                    case 404 -> throw NexusSecretException.notFound(key, config.controlPlaneUri());
                    case 401, 403 ->
                        throw NexusSecretException.tokenRejected(key, config.controlPlaneUri(), response.statusCode());
                    case 503 -> failure = "HTTP 503";
                    default ->
                        throw NexusSecretException.unexpectedStatus(
                                key, config.controlPlaneUri(), response.statusCode());
                }
            } catch (IOException e) {
                cause = e;
                failure = describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw NexusSecretException.interrupted(key, e);
            }

            long remaining = deadline - clock.nanoTime();
            if (remaining <= 0) {
                controlPlaneDown = true;
                if (failFast) {
                    throw NexusSecretException.stillUnavailable(key, config.controlPlaneUri(), failure, cause);
                }
                throw NexusSecretException.unavailable(
                        key, config.controlPlaneUri(), attempt, config.retryDeadline(), failure, cause);
            }
            Duration wait = min(backoff, Duration.ofNanos(remaining));
            // formatted here: Trino's log bridge prints java.util.logging parameters unformatted
            log.log(
                    Level.INFO,
                    "Nexus control plane at %s not ready to resolve secret '%s' (%s); retrying in %s"
                            .formatted(config.controlPlaneUri(), key, failure, NexusSecretException.format(wait)));
            try {
                clock.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw NexusSecretException.interrupted(key, e);
            }
            backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
        }
    }

    private String readToken() {
        String token;
        try {
            token = Files.readString(config.tokenFile(), UTF_8).strip();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("%s secrets provider token-file %s does not exist"
                    .formatted(NexusSecretProviderFactory.NAME, config.tokenFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read %s secrets provider token-file %s: %s"
                            .formatted(NexusSecretProviderFactory.NAME, config.tokenFile(), describe(e)),
                    e);
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException("%s secrets provider token-file %s is empty"
                    .formatted(NexusSecretProviderFactory.NAME, config.tokenFile()));
        }
        // the token goes into an HTTP header: a line break would be refused by HttpClient with a less clear error
        if (token.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("%s secrets provider token-file %s must hold one line (the token)"
                    .formatted(NexusSecretProviderFactory.NAME, config.tokenFile()));
        }
        return token;
    }

    // HttpClient's ConnectException often has no message; the class name is what tells "refused" from "timeout"
    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getClass().getName() + ": " + e.getMessage();
    }

    private static Duration min(Duration first, Duration second) {
        return first.compareTo(second) <= 0 ? first : second;
    }
}

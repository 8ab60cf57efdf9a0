package io.nexusgateway.flink.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.table.api.ValidationException;

/**
 * The passwords of the jobs being planned in this gateway, by credential ticket. A ticket is single-use, and one job
 * declares several tables with the same ticket (its sources and its target, planned together when its INSERT is), so
 * the first table redeems it and the others read the answer here, for a few minutes: long enough for one statement's
 * planning, short enough that passwords do not pile up in the gateway's memory.
 */
final class JobCredentials {
    private static final Duration KEEP = Duration.ofMinutes(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private static final Map<String, Redeemed> REDEEMED = new ConcurrentHashMap<>();

    private JobCredentials() {}

    /** The passwords by catalog that {@code ticket} stands for, redeeming it at {@code exchangeUrl} the first time. */
    static Map<String, String> passwords(URI exchangeUrl, String ticket) {
        Instant now = Instant.now();
        for (Iterator<Redeemed> entries = REDEEMED.values().iterator(); entries.hasNext(); ) {
            if (entries.next().at().plus(KEEP).isBefore(now)) {
                entries.remove();
            }
        }
        // one redemption per ticket, also when two sessions plan with it at once
        return REDEEMED.computeIfAbsent(ticket, token -> new Redeemed(redeem(exchangeUrl, token), now))
                .passwords();
    }

    private static Map<String, String> redeem(URI exchangeUrl, String ticket) {
        HttpResponse<String> response;
        try {
            String body = JSON.writeValueAsString(Map.of("ticket", ticket));
            response = HTTP.send(
                    HttpRequest.newBuilder(exchangeUrl)
                            .timeout(TIMEOUT)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(UTF_8));
        } catch (IOException e) {
            throw new ValidationException(
                    "cannot reach the credential exchange " + exchangeUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValidationException("interrupted while redeeming the job's credential ticket", e);
        }
        if (response.statusCode() == 404) {
            throw new ValidationException(
                    "the job's credential ticket was already redeemed or has expired; submit the job again");
        }
        if (response.statusCode() != 200) {
            throw new ValidationException(
                    "the credential exchange " + exchangeUrl + " answered HTTP " + response.statusCode());
        }
        try {
            JsonNode passwords = JSON.readTree(response.body()).path("passwords");
            Map<String, String> byCatalog = new TreeMap<>();
            passwords
                    .fields()
                    .forEachRemaining(field ->
                            byCatalog.put(field.getKey(), field.getValue().asText()));
            return Map.copyOf(byCatalog);
        } catch (IOException e) {
            throw new ValidationException("the credential exchange's answer is not JSON", e);
        }
    }

    private record Redeemed(Map<String, String> passwords, Instant at) {}
}

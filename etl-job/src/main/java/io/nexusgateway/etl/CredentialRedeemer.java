package io.nexusgateway.etl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Redeems a job's credential ticket at the control plane's exchange ({@code POST {"ticket": "..."}} answered by
 * {@code {"passwords": {"<catalog>": "..."}}}), on the engine side, with the Jackson 2 that Spark brings.
 */
public final class CredentialRedeemer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private CredentialRedeemer() {}

    /** The passwords by catalog, and the means to keep them out of messages. */
    public record Passwords(Map<String, String> byCatalog) {
        public Passwords {
            byCatalog = Map.copyOf(byCatalog);
        }

        /** {@code text} with every password replaced by {@code ***}. */
        public String redact(String text) {
            String result = text;
            for (String password : byCatalog.values()) {
                if (!password.isEmpty()) {
                    result = result.replace(password, "***");
                }
            }
            return result;
        }

        @Override
        public String toString() {
            return "Passwords" + List.copyOf(byCatalog.keySet());
        }
    }

    public static Passwords redeem(EtlJob.Credentials credentials) throws IOException, InterruptedException {
        return redeem(credentials.exchangeUrl(), credentials.token());
    }

    public static Passwords redeem(URI exchangeUrl, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(exchangeUrl)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("ticket", token))))
                .build();
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build()) {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the credential exchange answered " + response.statusCode()
                    + " (the ticket was redeemed already or expired)");
        }
        Map<String, String> passwords = new HashMap<>();
        JsonNode answer = JSON.readTree(response.body()).path("passwords");
        answer.fieldNames()
                .forEachRemaining(
                        catalog -> passwords.put(catalog, answer.get(catalog).asText()));
        return new Passwords(passwords);
    }
}

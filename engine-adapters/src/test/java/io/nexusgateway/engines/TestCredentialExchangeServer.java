package io.nexusgateway.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class TestCredentialExchangeServer {
    @Test
    void testExchangeAnswersOnce() throws Exception {
        try (CredentialExchangeServer server = CredentialExchangeServer.start();
                HttpClient client = HttpClient.newHttpClient()) {
            CredentialTicket ticket = server.issue(Map.of("sales", "canary"));
            HttpRequest request = HttpRequest.newBuilder(ticket.exchangeUrl())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ticket\":\"" + ticket.token() + "\"}"))
                    .build();

            HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> second = client.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("{\"passwords\":{\"sales\":\"canary\"}}");
            assertThat(second.statusCode()).isEqualTo(404);
            assertThat(server.redeemed()).isEqualTo(1);
        }
    }
}

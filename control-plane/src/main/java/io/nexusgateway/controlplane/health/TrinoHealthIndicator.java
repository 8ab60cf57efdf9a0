package io.nexusgateway.controlplane.health;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.trino.TrinoAccess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Trino's coordinator answers {@code /v1/info} and has finished starting. */
@Component("trino")
class TrinoHealthIndicator implements HealthIndicator {
    private final URI infoUri;
    private final Duration timeout;
    private final HttpClient client;

    TrinoHealthIndicator(NexusProperties properties, TrinoAccess trino) {
        this.infoUri = trino.uri().resolve("/v1/info");
        this.timeout = properties.trino().healthTimeout();
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .sslContext(trino.sslContext())
                .build();
    }

    @Override
    public Health health() {
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(infoUri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body().replace(" ", "");
            if (response.statusCode() == 200 && body.contains("\"starting\":false")) {
                return Health.up()
                        .withDetail("uri", infoUri.resolve("/").toString())
                        .build();
            }
            return Health.down()
                    .withDetail("uri", infoUri.resolve("/").toString())
                    .withDetail("reason", "starting or HTTP " + response.statusCode())
                    .build();
        } catch (IOException e) {
            return Health.down()
                    .withDetail("uri", infoUri.resolve("/").toString())
                    .withDetail("reason", "unreachable")
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        }
    }
}

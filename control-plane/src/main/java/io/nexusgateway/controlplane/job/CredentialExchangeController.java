package io.nexusgateway.controlplane.job;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import io.nexusgateway.engines.CredentialTickets;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where engines redeem a job's single-use ticket for the passwords of its datasources ({@link CredentialTickets}):
 * the ticket is the only credential, so the path is open; an unknown, used or expired ticket is 404.
 */
@RestController
@Hidden
class CredentialExchangeController {
    private final CredentialTickets tickets;

    CredentialExchangeController(CredentialTickets tickets) {
        this.tickets = requireNonNull(tickets, "tickets is null");
    }

    @PostMapping(
            path = CredentialTickets.EXCHANGE_PATH,
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Map<String, String>> redeem(@RequestBody Redeem request) {
        String ticket = request.ticket();
        if (ticket == null || ticket.isEmpty() || ticket.length() > 128) {
            throw new NexusException(ProblemType.NOT_FOUND, "No such ticket");
        }
        return Map.of(
                "passwords",
                tickets.redeem(ticket).orElseThrow(() -> new NexusException(ProblemType.NOT_FOUND, "No such ticket")));
    }

    record Redeem(@Nullable String ticket) {}
}

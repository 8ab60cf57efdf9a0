package io.nexusgateway.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class TestCredentialTickets {
    private static final URI EXCHANGE = URI.create("http://127.0.0.1:8080" + CredentialTickets.EXCHANGE_PATH);

    private final MutableClock clock = new MutableClock();

    @Test
    void testTicketIsRedeemedOnce() {
        CredentialTickets tickets = new CredentialTickets(EXCHANGE, clock, 10);
        CredentialTicket ticket = tickets.issue(Map.of("sales", "canary-pw"), Duration.ofMinutes(5));

        assertThat(ticket.exchangeUrl()).isEqualTo(EXCHANGE);
        assertThat(ticket.toString()).doesNotContain(ticket.token());
        assertThat(tickets.redeem(ticket.token())).contains(Map.of("sales", "canary-pw"));
        assertThat(tickets.redeem(ticket.token())).isEmpty();
        assertThat(tickets.redeem("unknown")).isEmpty();
    }

    @Test
    void testExpiredAndRevokedTicketsAreWorthNothing() {
        CredentialTickets tickets = new CredentialTickets(EXCHANGE, clock, 10);
        CredentialTicket expiring = tickets.issue(Map.of("sales", "pw"), Duration.ofMinutes(5));
        CredentialTicket revoked = tickets.issue(Map.of("sales", "pw"), Duration.ofMinutes(5));

        tickets.revoke(revoked);
        clock.advance(Duration.ofMinutes(5));

        assertThat(tickets.redeem(expiring.token())).isEmpty();
        assertThat(tickets.redeem(revoked.token())).isEmpty();
    }

    @Test
    void testOutstandingTicketsAreBounded() {
        CredentialTickets tickets = new CredentialTickets(EXCHANGE, clock, 2);
        tickets.issue(Map.of(), Duration.ofMinutes(1));
        tickets.issue(Map.of(), Duration.ofMinutes(1));

        assertThatThrownBy(() -> tickets.issue(Map.of(), Duration.ofMinutes(1)))
                .isInstanceOfSatisfying(EngineException.class, failure -> assertThat(failure.kind())
                        .isEqualTo(EngineException.Kind.UNAVAILABLE));

        // expired tickets make room
        clock.advance(Duration.ofMinutes(1));
        assertThat(tickets.issue(Map.of(), Duration.ofMinutes(1)).token()).isNotBlank();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-02T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

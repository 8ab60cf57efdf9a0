package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.config.NexusProperties;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Rotates the signing key every {@code nexus.security.jwt.rotation-interval} when set. Checked each minute; a rotation
 * that is too soon (the next key not published long enough) waits for a later check.
 */
@Component
class ScheduledKeyRotation {
    private static final Logger log = LoggerFactory.getLogger(ScheduledKeyRotation.class);

    private final SigningKeys keys;
    private final NexusProperties properties;
    private final Clock clock;

    ScheduledKeyRotation(SigningKeys keys, NexusProperties properties, Clock clock) {
        this.keys = requireNonNull(keys, "keys is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Scheduled(initialDelay = 60_000, fixedDelay = 60_000)
    void rotateWhenDue() {
        Duration interval = properties.security().jwt().rotationInterval();
        if (interval == null || interval.isZero() || interval.isNegative()) {
            return;
        }
        try {
            if (!keys.signingSince().plus(interval).isAfter(clock.instant())) {
                keys.rotate();
            }
        } catch (KeyRotationTooSoonException e) {
            log.info("Scheduled key rotation postponed: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("Scheduled key rotation failed: {}", e.getMessage());
        }
    }
}

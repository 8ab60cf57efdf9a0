package io.nexusgateway.controlplane.auth;

import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import java.time.Instant;
import java.util.Map;

/** The next key has not been published long enough for every Trino to have fetched it. */
public final class KeyRotationTooSoonException extends NexusException {
    KeyRotationTooSoonException(String nextKid, Instant possibleFrom) {
        super(
                ProblemType.KEY_ROTATION_TOO_SOON,
                "The next signing key " + nextKid + " has not been published long enough"
                        + " (nexus.security.jwt.publish-ahead): Trino may not know it yet. Rotation is possible from "
                        + possibleFrom,
                Map.of("possibleFrom", possibleFrom.toString()));
    }
}

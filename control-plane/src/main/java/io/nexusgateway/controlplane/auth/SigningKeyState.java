package io.nexusgateway.controlplane.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Where a signing key is in its life, as {@code GET /api/v1/auth/keys} names it. */
public enum SigningKeyState {
    /** Signs the tokens issued now. */
    SIGNING,
    /** Published, signs after the next rotation. */
    NEXT,
    /** Published until its {@code exp}, verifies the tokens it signed. */
    RETIRED,
    /** Signs from its {@code nbf} on. */
    PENDING;

    /** The API's spelling, spelled out so that renaming a constant cannot change the wire. */
    @JsonValue
    public String id() {
        return switch (this) {
            case SIGNING -> "signing";
            case NEXT -> "next";
            case RETIRED -> "retired";
            case PENDING -> "pending";
        };
    }

    /** A key's state from its times ({@code nbf}, {@code exp}) and whether it is the signing key. */
    static SigningKeyState of(boolean signing, @Nullable Instant notBefore, @Nullable Instant expiresAt, Instant now) {
        if (signing) {
            return SIGNING;
        }
        if (notBefore == null) {
            return NEXT;
        }
        if (expiresAt != null) {
            return RETIRED;
        }
        // a key that signed before the signing key, never retired (a hand-edited file)
        return notBefore.isAfter(now) ? PENDING : RETIRED;
    }
}

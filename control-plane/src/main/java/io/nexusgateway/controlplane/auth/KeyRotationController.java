package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The signing keys' ids and times, and their rotation (admin only). */
@RestController
@RequestMapping(path = "/api/v1/auth/keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Auth")
@SecurityRequirement(name = "bearer")
class KeyRotationController {
    private final SigningKeys keys;

    KeyRotationController(SigningKeys keys) {
        this.keys = requireNonNull(keys, "keys is null");
    }

    @GetMapping
    @Operation(summary = "The signing keys: ids, states and times (never key material)")
    List<SigningKeys.KeyInfo> list() {
        return keys.describe();
    }

    @PostMapping("/rotate")
    @Operation(
            summary = "Rotate the signing key",
            description = "The next key (published at least nexus.security.jwt.publish-ahead ago) starts signing; the"
                    + " current one is retired but stays published for max-token-lifetime; a new next key is"
                    + " published. Too soon: 409 KEY_ROTATION_TOO_SOON.")
    SigningKeys.Rotation rotate() {
        return keys.rotate();
    }
}

package io.nexusgateway.controlplane.auth;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public keys tokens verify against; Trino's JWT authenticator reads it (no credential needed). */
@RestController
@Tag(name = "Auth")
class JwksController {
    // short: a rotation publishes a new next key, and clients should see it well within publish-ahead
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofMinutes(1));

    private final SigningKeys keys;

    JwksController(SigningKeys keys) {
        this.keys = requireNonNull(keys, "keys is null");
    }

    @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "The JSON Web Key Set",
            description = "Every signing key not yet retired (the current one, the next one, and retired ones whose"
                    + " tokens may still be valid), public parts only.")
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok().cacheControl(CACHE).body(keys.publicKeys().toJSONObject(true));
    }
}

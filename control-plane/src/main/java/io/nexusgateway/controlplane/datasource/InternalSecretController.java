package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where Trino's Nexus secrets provider resolves {@code ${nexus:datasource.<id>.password}}. Only the internal token
 * (held by Trino) may call it; the value is never logged and never cached by intermediaries.
 */
@RestController
@Hidden
class InternalSecretController {
    private final DatasourceService service;

    InternalSecretController(DatasourceService service) {
        this.service = requireNonNull(service, "service is null");
    }

    @GetMapping(path = "/internal/v1/secrets/{key}", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> secret(@PathVariable String key) {
        String value = service.resolveSecret(key)
                .orElseThrow(() -> new NexusException(ProblemType.SECRET_NOT_FOUND, "No secret " + key));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.TEXT_PLAIN)
                .body(value);
    }
}

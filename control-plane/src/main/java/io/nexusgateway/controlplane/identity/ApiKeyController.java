package io.nexusgateway.controlplane.identity;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping(path = "/api/v1/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "API keys", description = "Long-lived bearer credentials; the key is shown once, stored as a hash")
@SecurityRequirement(name = "bearer")
class ApiKeyController {
    private final ApiKeyService apiKeys;

    ApiKeyController(ApiKeyService apiKeys) {
        this.apiKeys = requireNonNull(apiKeys, "apiKeys is null");
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Create an API key",
            description = "{\"name\",\"expiresAt\"?} for yourself; an admin may add \"user\". The answer is the only"
                    + " place the key ever appears.")
    ResponseEntity<CreatedApiKey> create(@RequestBody ApiKeyRequest request) {
        CreatedApiKey created = apiKeys.createApiKey(request, Callers.require());
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest()
                        .path("/{id}")
                        .buildAndExpand(created.id())
                        .toUri())
                .cacheControl(CacheControl.noStore())
                .body(created);
    }

    @GetMapping
    @Operation(
            summary = "List API keys",
            description = "Your own; an admin sees everyone's, or one user's with ?user=. Never the key itself.")
    List<ApiKeyView> list(@RequestParam(required = false) @Nullable String user) {
        return apiKeys.listApiKeys(Callers.require(), user);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke an API key", description = "Your own; an admin any. It stops working at once.")
    ApiKeyView revoke(@PathVariable UUID id) {
        return apiKeys.revokeApiKey(id, Callers.require());
    }
}

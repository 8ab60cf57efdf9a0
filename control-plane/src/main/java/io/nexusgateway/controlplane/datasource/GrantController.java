package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
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

@RestController
@RequestMapping(path = "/api/v1/datasources/{id}/grants", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Grants", description = "Who may use a datasource (admin only); Trino enforces it within 2 s")
@SecurityRequirement(name = "bearer")
class GrantController {
    private final GrantService grants;

    GrantController(GrantService grants) {
        this.grants = requireNonNull(grants, "grants is null");
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Grant a datasource to a user or a group",
            description = "{\"user\":\"alice\"} or {\"group\":\"analysts\"}. 201 when new; granting again is a no-op"
                    + " answered 200.")
    ResponseEntity<GrantView> grant(@PathVariable UUID id, @RequestBody GrantRequest request) {
        GrantService.Granted granted = grants.grant(id, request);
        return ResponseEntity.status(granted.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(granted.grant());
    }

    @GetMapping
    @Operation(summary = "List a datasource's grants", description = "Users first, then groups, by name.")
    List<GrantView> list(@PathVariable UUID id) {
        return grants.list(id);
    }

    @DeleteMapping
    @Operation(summary = "Revoke a grant", description = "?user=alice or ?group=analysts")
    ResponseEntity<Void> revoke(
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String user,
            @RequestParam(required = false) @Nullable String group) {
        grants.revoke(id, new GrantRequest(user, group));
        return ResponseEntity.noContent().build();
    }
}

package io.nexusgateway.controlplane.datasource;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.identity.Caller;
import io.nexusgateway.controlplane.identity.Callers;
import io.nexusgateway.controlplane.web.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping(path = "/api/v1/datasources", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Datasources", description = "The registry: every datasource becomes a Trino catalog")
@SecurityRequirement(name = "bearer")
class DatasourceController {
    private final DatasourceService service;
    private final GrantService grants;

    DatasourceController(DatasourceService service, GrantService grants) {
        this.service = requireNonNull(service, "service is null");
        this.grants = requireNonNull(grants, "grants is null");
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Register a datasource",
            description =
                    "Stores it (password encrypted) and materializes its Trino catalog; the response shows the sync state.")
    ResponseEntity<DatasourceView> create(@RequestBody DatasourceRequest request) {
        DatasourceView created = service.create(request);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest()
                        .path("/{id}")
                        .buildAndExpand(created.id())
                        .toUri())
                .eTag(ETags.of(created.version()))
                .body(created);
    }

    @GetMapping
    @Operation(
            summary = "List datasources",
            description = "Paged, ordered by name; filter by type and status. A user sees only the datasources granted"
                    + " to them or their groups.")
    DatasourcePage list(
            @RequestParam(required = false) @Nullable String type,
            @RequestParam(required = false) @Nullable String status,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Caller caller = Callers.require();
        return service.list(type, status, page, size, caller.isAdmin() ? null : grants.usableBy(caller.username()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a datasource", description = "One not granted to a user is not found, as a missing one.")
    ResponseEntity<DatasourceView> get(@PathVariable UUID id) {
        grants.requireUsable(Callers.require(), id);
        DatasourceView view = service.get(id);
        return ResponseEntity.ok().eTag(ETags.of(view.version())).body(view);
    }

    @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Replace a datasource",
            description =
                    "Optimistic locking: send If-Match with the version (or \"version\" in the body); a stale version gets 409. "
                            + "An absent or null password keeps the stored one while the connection target (type, host, port,"
                            + " database, ssl, URL/TLS properties) stays; changing it needs the password (400"
                            + " PASSWORD_REQUIRED). The catalog name never changes.")
    ResponseEntity<DatasourceView> update(
            @PathVariable UUID id,
            @RequestBody DatasourceRequest request,
            @Parameter(description = "the version being replaced, e.g. \"3\"")
                    @RequestHeader(name = "If-Match", required = false)
                    @Nullable
                    String ifMatch) {
        DatasourceView updated = service.update(id, request, ETags.parseIfMatch(ifMatch, "datasource"));
        return ResponseEntity.ok().eTag(ETags.of(updated.version())).body(updated);
    }

    @DeleteMapping("/{id}")
    @Operation(
            summary = "Delete a datasource",
            description = "Removes it from the registry and drops its Trino catalog.")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        service.delete(id);
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }

    @PostMapping("/{id}/test")
    @Operation(
            summary = "Test the connection",
            description =
                    "Connects with the source's own JDBC driver under a timeout: reachable, authenticated, server version, latency.")
    ConnectionTestResult test(@PathVariable UUID id) {
        return service.testConnection(id);
    }
}

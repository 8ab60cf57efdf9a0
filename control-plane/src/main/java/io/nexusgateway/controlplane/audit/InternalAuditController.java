package io.nexusgateway.controlplane.audit;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Where Trino's audit listener delivers batches; only the internal token may call it. A 200 answer means every record
 * of the batch is stored (now or before) except those it lists in {@code rejected}, by index, with the reason; a 400
 * means the body is not a JSON array at all.
 */
@RestController
@Hidden
class InternalAuditController {
    private final AuditService audit;

    InternalAuditController(AuditService audit) {
        this.audit = requireNonNull(audit, "audit is null");
    }

    @PostMapping(
            path = "/internal/v1/audit",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    AuditService.Delivery deliver(@RequestBody JsonNode batch) {
        return audit.record(batch);
    }
}

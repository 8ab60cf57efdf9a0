package io.nexusgateway.controlplane.audit;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.identity.Caller;
import io.nexusgateway.controlplane.identity.Callers;
import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Audit", description = "Every query that reached Trino, whichever way it came: succeeded, failed or denied")
@SecurityRequirement(name = "bearer")
class AuditController {
    private final AuditService audit;

    AuditController(AuditService audit) {
        this.audit = requireNonNull(audit, "audit is null");
    }

    @GetMapping
    @Operation(
            summary = "Search the audit trail",
            description = "Paged, newest first (by start time). Filters combine with AND; text matches the redacted"
                    + " query text, case-insensitively. A user sees only their own records (user is forced to"
                    + " theirs).")
    AuditPage search(
            @RequestParam(required = false) @Nullable String user,
            @Parameter(description = "a datasource's name or its catalog name")
                    @RequestParam(required = false)
                    @Nullable
                    String datasource,
            @Parameter(description = "SUCCEEDED, FAILED or DENIED") @RequestParam(required = false) @Nullable
                    String state,
            @Parameter(description = "ISO-8601 instant, inclusive, e.g. 2026-01-31T00:00:00Z")
                    @RequestParam(required = false)
                    @Nullable
                    String from,
            @Parameter(description = "ISO-8601 instant, exclusive") @RequestParam(required = false) @Nullable String to,
            @RequestParam(required = false) @Nullable String correlationId,
            @RequestParam(required = false) @Nullable String text,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        // a user sees only their own queries, whatever they ask for
        Caller caller = Callers.require();
        String effectiveUser = caller.isAdmin() ? user : caller.username();
        return audit.search(
                effectiveUser,
                datasource,
                state,
                instant("from", from),
                instant("to", to),
                correlationId,
                text,
                page,
                size);
    }

    @GetMapping("/rejected")
    @Operation(
            summary = "Audit records the control plane refused (admins)",
            description = "Newest first: the query id, user and reason of each record Trino delivered that could not"
                    + " be stored (the rest of its batch was). The whole record stays in the spool's rejected/"
                    + " directory on the Trino coordinator.")
    AuditRejectionPage rejected(
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        if (!Callers.require().isAdmin()) {
            throw new NexusException(ProblemType.FORBIDDEN, "Only admins see refused audit records");
        }
        return audit.rejections(page, size);
    }

    @GetMapping("/{queryId}")
    @Operation(summary = "One query's audit record, by Trino query id")
    QueryAuditRecord get(@PathVariable String queryId) {
        QueryAuditRecord record = audit.get(queryId);
        Caller caller = Callers.require();
        if (!caller.isAdmin() && !caller.username().equals(record.user())) {
            // someone else's query is not found, as a missing one
            throw AuditExceptions.notFound(queryId);
        }
        return record;
    }

    private static @Nullable Instant instant(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw AuditExceptions.invalidFilter(
                    name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z, not '" + value + "'");
        }
    }
}

package io.nexusgateway.controlplane.query;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.datasource.GrantService;
import io.nexusgateway.controlplane.identity.Caller;
import io.nexusgateway.controlplane.identity.Callers;
import io.nexusgateway.controlplane.web.CorrelationIdFilter;
import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvWriteFeature;

@RestController
@RequestMapping("/api/v1/query")
@Tag(name = "Query", description = "SQL through Trino: one datasource, or several joined in one statement")
@SecurityRequirement(name = "bearer")
class QueryController {
    private static final Logger log = LoggerFactory.getLogger(QueryController.class);

    static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");
    static final MediaType CSV = MediaType.parseMediaType("text/csv");

    private final QueryService service;
    private final GrantService grants;
    private final JsonMapper jsonMapper;
    private final Clock clock;
    // "" is quoted so that an empty string and SQL NULL (an empty unquoted field) stay apart
    private final CsvMapper csvMapper = CsvMapper.builder()
            .enable(CsvWriteFeature.ALWAYS_QUOTE_EMPTY_STRINGS)
            .build();

    QueryController(QueryService service, GrantService grants, JsonMapper jsonMapper, Clock clock) {
        this.service = requireNonNull(service, "service is null");
        this.grants = requireNonNull(grants, "grants is null");
        this.jsonMapper = requireNonNull(jsonMapper, "jsonMapper is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Run a query",
            description =
                    "Runs the SQL in Trino (with dataSourceId: in its catalog and default schema) and returns one page"
                            + " of typed rows; hasMore tells whether rows exist beyond offset + limit.")
    QueryResult query(@RequestBody QueryRequest request) {
        Caller caller = requireUsable(request);
        return service.query(
                request, caller.username(), correlationId(), clock.instant().toString());
    }

    @PostMapping(path = "/stream", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Stream every row",
            description =
                    "Accept: application/x-ndjson (default; a header line, one JSON array per row, a summary line)"
                            + " or text/csv (a header row). Rows flow from Trino to the socket; memory stays flat.")
    ResponseEntity<StreamingResponseBody> stream(@RequestBody QueryRequest request, HttpServletRequest servletRequest) {
        // before anything runs: an answer the client cannot take is no reason to start a query
        boolean csv = wantsCsv(servletRequest.getHeader("Accept"));
        Caller caller = requireUsable(request);
        String correlationId = correlationId();
        QueryStream stream = service.stream(request, caller.username(), correlationId);
        StreamingResponseBody body = out -> {
            MDC.put(CorrelationIdFilter.MDC_KEY, correlationId);
            try (stream) {
                if (csv) {
                    stream.writeCsv(out, csvMapper);
                } else {
                    stream.writeNdjson(out, jsonMapper, correlationId);
                }
            } catch (IOException | JacksonIOException e) {
                // the client went away: closing the stream (above) canceled the query in Trino
                log.info("Client of query {} went away ({}); canceled it in Trino", stream.queryId(), e.getMessage());
                throw e;
            } finally {
                MDC.remove(CorrelationIdFilter.MDC_KEY);
            }
        };
        return ResponseEntity.ok()
                .contentType(csv ? new MediaType(CSV, java.nio.charset.StandardCharsets.UTF_8) : NDJSON)
                .header("X-Trino-Query-Id", stream.queryId())
                .body(body);
    }

    /**
     * CSV when the client prefers it (first in its Accept header), NDJSON for no Accept, for NDJSON, for
     * {@code application/*} and for any type; an Accept that admits neither, or cannot be parsed, is 406.
     */
    static boolean wantsCsv(@Nullable String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (IllegalArgumentException e) {
            throw notAcceptable("The Accept header is not a list of media types");
        }
        boolean anything = false;
        for (MediaType type : types) {
            if (type.getQualityValue() == 0) {
                continue;
            }
            if (type.isWildcardType()) {
                anything = true;
            } else if (type.isCompatibleWith(NDJSON)) {
                return false;
            } else if (CSV.isCompatibleWith(type)) {
                return true;
            }
        }
        if (!anything) {
            throw notAcceptable("This endpoint answers application/x-ndjson or text/csv");
        }
        return false;
    }

    private static NexusException notAcceptable(String detail) {
        return new NexusException(ProblemType.NOT_ACCEPTABLE, detail);
    }

    // an ungranted datasource is "not found", as in the registry; Trino enforces the grants on the SQL itself
    private Caller requireUsable(QueryRequest request) {
        Caller caller = Callers.require();
        if (request.dataSourceId() != null) {
            grants.requireUsable(caller, request.dataSourceId());
        }
        return caller;
    }

    private static String correlationId() {
        String id = MDC.get(CorrelationIdFilter.MDC_KEY);
        return id == null ? "req_unknown" : id;
    }
}

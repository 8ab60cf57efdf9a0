package io.nexusgateway.controlplane.query;

import static java.util.Objects.requireNonNull;

import io.nexusgateway.controlplane.result.ColumnType;
import io.nexusgateway.controlplane.result.JsonRowWriter;
import io.nexusgateway.controlplane.result.JsonRows;
import io.nexusgateway.controlplane.result.RowEncoder;
import io.nexusgateway.controlplane.trino.client.TrinoQuery;
import io.nexusgateway.controlplane.trino.client.TrinoQueryFailure;
import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import io.nexusgateway.controlplane.web.Problems;
import io.nexusgateway.controlplane.web.ResponseAbortedException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvGenerator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * A started query whose rows go straight from Trino's pages to the socket: one page is encoded while the next is
 * fetched, nothing is collected. A failure after the first byte ends NDJSON with an {@code error} line and CSV by
 * aborting the response (no final chunk), so a client can never mistake a broken stream for a complete one.
 */
final class QueryStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueryStream.class);

    private final TrinoQuery query;
    private final List<QueryResult.ColumnView> columns;
    private final List<ColumnType> types;
    private final QueryTarget target;
    private final List<String> catalogs;
    private final long startedNanos;
    private final Function<TrinoQueryFailure, NexusException> failureMapper;

    QueryStream(
            TrinoQuery query,
            List<QueryResult.ColumnView> columns,
            List<ColumnType> types,
            QueryTarget target,
            List<String> catalogs,
            long startedNanos,
            Function<TrinoQueryFailure, NexusException> failureMapper) {
        this.query = requireNonNull(query, "query is null");
        this.columns = List.copyOf(columns);
        this.types = List.copyOf(types);
        this.target = requireNonNull(target, "target is null");
        this.catalogs = List.copyOf(catalogs);
        this.startedNanos = startedNanos;
        this.failureMapper = requireNonNull(failureMapper, "failureMapper is null");
    }

    String queryId() {
        return query.queryId();
    }

    /** Header line, one JSON array per row, then a summary line (or an error line). */
    void writeNdjson(OutputStream out, JsonMapper json, String correlationId) throws IOException {
        long rowCount = 0;
        // one value per line: no separator between root values (Jackson writes a space by default)
        try (JsonGenerator generator = json.writer().withRootValueSeparator("").createGenerator(out)) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("dataSourceId", target.dataSourceId());
            metadata.put("databaseType", target.databaseType());
            metadata.put("queryId", query.queryId());
            metadata.put("catalogs", catalogs);
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("columns", columns);
            header.put("metadata", metadata);
            header.put("correlationId", correlationId);
            generator.writePOJO(header);
            generator.writeRaw('\n');
            JsonRowWriter copier = null;
            try {
                for (TrinoQuery.Batch batch = nextBatch(); !batch.isEmpty(); batch = nextBatch()) {
                    JsonRows segmentRows = batch.json();
                    if (segmentRows != null) {
                        if (copier == null) {
                            generator.flush(); // what the generator holds goes first
                            copier = new JsonRowWriter(types, out);
                        }
                        JsonRowWriter writer = copier;
                        unreadable(() -> writer.writeNdjson(segmentRows));
                        copier.flush();
                    } else {
                        for (List<Object> row : batch.rows()) {
                            RowEncoder.writeJsonRow(generator, row, types);
                            generator.writeRaw('\n');
                        }
                        generator.flush();
                    }
                    rowCount += batch.size();
                }
            } catch (NexusException failure) {
                log.warn(
                        "Stream of query {} failed after {} rows: {} {}",
                        query.queryId(),
                        rowCount,
                        failure.problemType().code(),
                        failure.getMessage());
                ProblemDetail problem = Problems.of(failure.problemType(), failure.getMessage(), failure.properties());
                Map<String, Object> error = Problems.toMap(problem);
                error.put("rowCount", rowCount);
                generator.writePOJO(Map.of("error", error));
                generator.writeRaw('\n');
                return;
            }
            generator.writePOJO(Map.of("summary", summary(rowCount)));
            generator.writeRaw('\n');
        }
        log.info("Streamed {} rows of query {} as NDJSON", rowCount, query.queryId());
    }

    /** A header row with the column names, then one record per row; SQL NULL is an empty unquoted field. */
    void writeCsv(OutputStream out, CsvMapper csv) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        for (QueryResult.ColumnView column : columns) {
            schema.addColumn(column.name());
        }
        long rowCount = 0;
        try (CsvGenerator generator = (CsvGenerator) csv.writer(schema.build()).createGenerator(out)) {
            for (TrinoQuery.Batch batch = nextBatch(); !batch.isEmpty(); batch = nextBatch()) {
                JsonRows segmentRows = batch.json();
                if (segmentRows != null) {
                    unreadable(() -> JsonRowWriter.writeCsv(segmentRows, types, generator));
                    generator.flush();
                    rowCount += batch.size();
                    continue;
                }
                for (List<Object> row : batch.rows()) {
                    RowEncoder.writeCsvRow(generator, row, types);
                }
                generator.flush();
                rowCount += batch.size();
            }
        } catch (NexusException failure) {
            log.warn(
                    "CSV stream of query {} failed after {} rows, aborting the response: {} {}",
                    query.queryId(),
                    rowCount,
                    failure.problemType().code(),
                    failure.getMessage());
            // no in-band error in CSV: fail the response so the client sees a broken transfer, not a short file
            throw new ResponseAbortedException("CSV stream of query " + query.queryId() + " failed", failure);
        }
        log.info("Streamed {} rows of query {} as CSV", rowCount, query.queryId());
    }

    private Map<String, Object> summary(long rowCount) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("rowCount", rowCount);
        summary.put("executionTimeMs", (System.nanoTime() - startedNanos) / 1_000_000);
        summary.put("queryId", query.queryId());
        return summary;
    }

    private interface Write {
        void run() throws IOException;
    }

    // Trino's JSON was not what we can copy (a protocol change): an error the stream reports, not a broken response
    private void unreadable(Write write) throws IOException {
        try {
            write.run();
        } catch (IllegalArgumentException e) {
            log.warn("Cannot copy the rows of query {}: {}", query.queryId(), e.getMessage());
            throw new NexusException(
                    ProblemType.INTERNAL_ERROR,
                    "Trino sent rows the gateway could not read",
                    Map.of("queryId", query.queryId()));
        }
    }

    private TrinoQuery.Batch nextBatch() {
        try {
            return query.nextBatch();
        } catch (TrinoQueryFailure failure) {
            throw failureMapper.apply(failure);
        }
    }

    @Override
    public void close() {
        query.close();
    }
}

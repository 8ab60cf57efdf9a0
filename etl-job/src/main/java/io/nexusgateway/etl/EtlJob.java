package io.nexusgateway.etl;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The job document: what the control plane hands to an engine-side ETL process (Livy's {@code spark-etl}
 * application, the Spark Connect job runner) as a JSON file of mode 0600. One wire contract, written by
 * engine-adapters (Jackson 3) and read on the engine (Jackson 2, Spark's); {@code contracts/etl-job.json} is its
 * golden file, read by both sides' tests.
 *
 * <p>It holds no password: {@link #credentials} is a single-use ticket the engine side redeems at the control plane's
 * exchange for the passwords by catalog ({@link CredentialRedeemer}).
 *
 * @param jobId the control plane's job id
 * @param user who submitted the job
 * @param query SQL over Trino names ({@code catalog.schema.table}), see {@link #inputViews()}
 * @param inputs the tables the query reads, each registered as a temp view
 * @param target where the query's rows go, over JDBC
 * @param datasources every catalog named by {@code inputs} and {@code target}
 */
public record EtlJob(
        UUID jobId,
        String user,
        String query,
        WriteMode writeMode,
        List<Table> inputs,
        Table target,
        Map<String, Datasource> datasources,
        Credentials credentials) {
    public enum WriteMode {
        APPEND,
        OVERWRITE
    }

    /** A table by its Trino name. */
    public record Table(String catalog, String schema, String table) {
        public Table {
            requireNonNull(catalog, "catalog is null");
            requireNonNull(schema, "schema is null");
            requireNonNull(table, "table is null");
        }
    }

    /**
     * A catalog's connection.
     *
     * @param type the datasource type ({@code mariadb}, {@code postgresql}...)
     * @param options Spark's JDBC data-source options (url, driver, user...), never a password
     * @param hasPassword whether the ticket carries a password for this catalog
     */
    public record Datasource(String type, Map<String, String> options, boolean hasPassword) {
        public Datasource {
            requireNonNull(type, "type is null");
            options = sorted(options);
        }
    }

    /** The ticket to redeem: POST {@code {"ticket": token}} to {@code exchangeUrl}. */
    public record Credentials(URI exchangeUrl, String token) {
        public Credentials {
            requireNonNull(exchangeUrl, "exchangeUrl is null");
            requireNonNull(token, "token is null");
        }

        @Override
        public String toString() {
            // the ticket is worth little once redeemed, but nobody needs to see it
            return "Credentials[exchangeUrl=" + exchangeUrl + ", token=***]";
        }
    }

    public EtlJob {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(user, "user is null");
        requireNonNull(query, "query is null");
        requireNonNull(writeMode, "writeMode is null");
        inputs = List.copyOf(inputs);
        requireNonNull(target, "target is null");
        datasources = sorted(datasources);
        requireNonNull(credentials, "credentials is null");
        for (Table table : inputs) {
            requireDatasource(datasources, table);
        }
        requireDatasource(datasources, target);
    }

    /** The engine-side name of the job, its application and its batch: {@code nexus-job-<jobId>}. */
    public static String name(UUID jobId) {
        return "nexus-job-" + jobId;
    }

    public String name() {
        return name(jobId);
    }

    /** The temp view of each input, in order: {@code nexus_input_<index>}. */
    public List<QueryRewriter.Name> inputViews() {
        List<QueryRewriter.Name> views = new ArrayList<>();
        for (int index = 0; index < inputs.size(); index++) {
            Table input = inputs.get(index);
            views.add(new QueryRewriter.Name(input.catalog(), input.schema(), input.table(), "nexus_input_" + index));
        }
        return List.copyOf(views);
    }

    /** The query with the inputs' Trino names replaced by their views' names. */
    public String sparkQuery() {
        return QueryRewriter.rewrite(query, inputViews());
    }

    /** Spark's JDBC options to read or write {@code table}, with the catalog's password if there is one. */
    public Map<String, String> jdbcOptions(Table table, Map<String, String> passwords) {
        Datasource datasource = datasources.get(table.catalog());
        return SparkJdbcOptions.of(
                datasource.type(), datasource.options(), table.schema(), table.table(), passwords.get(table.catalog()));
    }

    private static void requireDatasource(Map<String, Datasource> datasources, Table table) {
        if (!datasources.containsKey(table.catalog())) {
            throw new IllegalArgumentException("no datasource for catalog '" + table.catalog() + "'");
        }
    }

    // the document is written in a stable order: a diff of two shows what changed
    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(requireNonNull(map, "map is null")));
    }
}

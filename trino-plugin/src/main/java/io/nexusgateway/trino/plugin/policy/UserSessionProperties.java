package io.nexusgateway.trino.plugin.policy;

import java.util.Set;

/**
 * The session properties an ordinary user may set (admins and the catalog-sync principal may set any). Chosen from
 * Trino 476's {@code SystemSessionProperties}, its spooling properties and the JDBC connectors' properties: each
 * changes only how the user's own query is planned or how its results are typed and shipped, never a limit, a
 * priority, the retry policy, memory or spilling, or anything Trino's limits do not bound
 * ({@code query_max_run_time} is not capped by {@code query.max-run-time}: a user could lift it, so it is an admin's).
 */
final class UserSessionProperties {
    static final Set<String> SYSTEM = Set.of(
            // join and aggregation plans: the query's memory limits still hold whatever the plan
            "join_distribution_type",
            "join_reordering_strategy",
            "mark_distinct_strategy",
            "distinct_aggregations_strategy",
            "enable_dynamic_filtering",
            // what the user sees: SELECT * without the columns they may not read; timestamp precision in output
            "hide_inaccessible_columns",
            "omit_datetime_type_precision",
            // SET TIME ZONE sets it (clients also send the zone as a header)
            "time_zone_id",
            // the spooled protocol's segment sizes, bounded by Trino (the REST API sets them on every query)
            "spooling_initial_segment_size",
            "spooling_max_segment_size");

    /** Connector properties by name, whatever the catalog: type mapping and pushdown of the user's own query. */
    static final Set<String> CATALOG = Set.of(
            "unsupported_type_handling",
            "decimal_mapping",
            "decimal_default_scale",
            "decimal_rounding_mode",
            "array_mapping",
            "join_pushdown_enabled",
            "aggregation_pushdown_enabled",
            "topn_pushdown_enabled",
            "complex_expression_pushdown",
            "dynamic_filtering_enabled");

    private UserSessionProperties() {}

    /** For denial messages: the allowed names, sorted. */
    static String list(Set<String> names) {
        return String.join(", ", new java.util.TreeSet<>(names));
    }
}

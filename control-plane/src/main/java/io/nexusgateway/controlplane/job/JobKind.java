package io.nexusgateway.controlplane.job;

/** What a job does, for routing rules and the audit trail. */
enum JobKind {
    /** A source table copied into the target. */
    COPY,
    /** A query's rows written into the target. */
    QUERY
}

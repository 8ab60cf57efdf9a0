package io.nexusgateway.engines;

import java.util.Locale;

/** The engines a job can run on, as users name them ({@code "engine": "spark"}). */
public enum Engine {
    /** Trino itself: {@code INSERT INTO ... SELECT}, for small batch jobs. */
    TRINO,
    /** Apache Spark (through Livy, Spark Connect or the Spark Operator), for large batch jobs. */
    SPARK,
    /** Apache Flink (through the SQL Gateway or the Flink Operator), for streaming jobs. */
    FLINK;

    /** The name in the API and in routing reasons, e.g. {@code spark}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

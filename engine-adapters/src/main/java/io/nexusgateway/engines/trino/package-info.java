/** Trino as an ETL engine: {@code INSERT INTO ... SELECT} over Trino's client protocol, as the job's user. */
@NullMarked
package io.nexusgateway.engines.trino;

import org.jspecify.annotations.NullMarked;

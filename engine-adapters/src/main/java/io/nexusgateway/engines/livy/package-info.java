/** Spark jobs as Livy batches running Nexus' Spark ETL application (module spark-etl). */
@NullMarked
package io.nexusgateway.engines.livy;

import org.jspecify.annotations.NullMarked;

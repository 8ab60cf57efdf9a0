/**
 * Spark jobs on a Spark Connect server: {@link io.nexusgateway.engines.sparkconnect.SparkConnectEngineAdapter} runs
 * each job in a child JVM (module {@code spark-connect-runner}, with the Spark Connect client's classpath), so the
 * control plane never loads Spark classes, and follows it through the status file in the job's directory.
 */
@NullMarked
package io.nexusgateway.engines.sparkconnect;

import org.jspecify.annotations.NullMarked;

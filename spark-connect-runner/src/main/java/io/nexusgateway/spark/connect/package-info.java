/**
 * The Spark Connect job runner: a child JVM of the control plane with the Spark Connect client's classpath, which runs
 * one job and reports it in a status file of the job's directory.
 */
package io.nexusgateway.spark.connect;

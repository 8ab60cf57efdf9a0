/**
 * ETL jobs: {@code /api/v1/jobs}. A job reads registered datasources and writes one writable datasource's table, on
 * the engine the {@link io.nexusgateway.controlplane.job.JobRouter} picks (and says why); its state lives in the
 * metadata store and {@link io.nexusgateway.controlplane.job.JobSupervisor} follows it on the engine, also across a
 * restart of the control plane. The rules of queries hold: grants, read-only datasources, the audit trail.
 */
@NullMarked
package io.nexusgateway.controlplane.job;

import org.jspecify.annotations.NullMarked;

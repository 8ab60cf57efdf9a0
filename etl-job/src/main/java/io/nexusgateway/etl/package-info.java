/**
 * The job document shared by the control plane and the engine-side ETL processes, and what both sides need to agree
 * on: the names of the inputs' temp views and Spark's JDBC options. Plain Java; {@link
 * io.nexusgateway.etl.EtlJobFiles} and {@link io.nexusgateway.etl.CredentialRedeemer} run on the engine side only,
 * with the engine's Jackson 2.
 */
@NullMarked
package io.nexusgateway.etl;

import org.jspecify.annotations.NullMarked;

/**
 * Flink jobs through a Flink SQL Gateway ({@link io.nexusgateway.engines.flink.FlinkSqlGatewayEngineAdapter}): each
 * job's tables declared with the {@code nexus-jdbc} connector of module {@code flink-gateway-extension}, which takes
 * the passwords from the job's credential ticket when the job is planned, in the gateway.
 */
@NullMarked
package io.nexusgateway.engines.flink;

import org.jspecify.annotations.NullMarked;

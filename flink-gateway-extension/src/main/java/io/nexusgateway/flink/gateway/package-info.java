/**
 * What this project adds to a Flink SQL Gateway's classpath: the {@code nexus-jdbc} connector that keeps passwords
 * out of statements ({@link io.nexusgateway.flink.gateway.NexusJdbcTableFactory}), the MariaDB/MySQL JDBC dialect,
 * and the main class that runs the gateway beside a session cluster ({@link
 * io.nexusgateway.flink.gateway.GatewayWithCluster}).
 */
package io.nexusgateway.flink.gateway;

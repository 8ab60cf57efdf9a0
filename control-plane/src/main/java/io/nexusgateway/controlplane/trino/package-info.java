/**
 * How the control plane reaches Trino: its HTTPS endpoint, the certificate it trusts, and a short-lived gateway-issued
 * token for whoever a call runs as (the REST caller, or the catalog-sync principal), so Trino sees the real user.
 */
@NullMarked
package io.nexusgateway.controlplane.trino;

import org.jspecify.annotations.NullMarked;

/** The audit trail: one record per Trino query, delivered by Trino's audit event listener, searchable by admins. */
@NullMarked
package io.nexusgateway.controlplane.audit;

import org.jspecify.annotations.NullMarked;

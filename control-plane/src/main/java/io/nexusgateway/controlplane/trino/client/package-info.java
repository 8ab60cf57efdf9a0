/**
 * Trino's client protocol: starting a query, following its pages (direct or spooled segments), canceling it, and
 * turning Trino's errors into problems. The query API uses it; it knows nothing of REST requests.
 */
@NullMarked
package io.nexusgateway.controlplane.trino.client;

import org.jspecify.annotations.NullMarked;

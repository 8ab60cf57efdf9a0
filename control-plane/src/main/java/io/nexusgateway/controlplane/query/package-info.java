/**
 * The query API: SQL from REST clients runs in Trino (never against a source directly), results come back in one
 * portable type vocabulary, paged or streamed.
 */
@NullMarked
package io.nexusgateway.controlplane.query;

import org.jspecify.annotations.NullMarked;

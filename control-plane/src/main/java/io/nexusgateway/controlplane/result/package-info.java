/**
 * Result encoding, engine-neutral: the portable column types and the JSON, NDJSON and CSV forms of rows, shared by
 * every engine a result can come from (Trino today). Nothing here knows an engine's client or protocol.
 */
@NullMarked
package io.nexusgateway.controlplane.result;

import org.jspecify.annotations.NullMarked;

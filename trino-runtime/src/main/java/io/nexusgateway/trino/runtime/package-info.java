/**
 * The one Trino 476 config generator and launcher ({@link io.nexusgateway.trino.runtime.TrinoHome}, {@link
 * io.nexusgateway.trino.runtime.TrinoServer}), used by {@code bin/nexus} (through {@link
 * io.nexusgateway.trino.runtime.TrinoRuntimeCli}) and by the tests. Plain Java: the JDK only at run time.
 */
@NullMarked
package io.nexusgateway.trino.runtime;

import org.jspecify.annotations.NullMarked;

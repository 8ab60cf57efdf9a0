/**
 * The engines this machine can run, started as child processes from jars Maven resolves on demand (never in the
 * build, so {@code bin/nexus up} stays fast): {@link io.nexusgateway.engines.runtime.EngineClasspath} resolves an
 * engine's pom (the resource {@code engines/<engine>/pom.xml}) once and caches the classpath, {@link
 * io.nexusgateway.engines.runtime.EngineProcess} runs and stops the JVM. Tests share one process per engine through
 * the {@code testing} module; {@code bin/nexus up} starts those {@code NEXUS_ENGINES} names.
 */
@NullMarked
package io.nexusgateway.engines.runtime;

import org.jspecify.annotations.NullMarked;

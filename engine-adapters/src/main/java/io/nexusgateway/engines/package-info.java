/**
 * The engines heavy ETL runs on, behind one SPI: {@link io.nexusgateway.engines.EngineAdapter} takes an {@link
 * io.nexusgateway.engines.EngineJob} (inputs, a query over them, a target table) and answers an {@link
 * io.nexusgateway.engines.EngineHandle}, whose status, cancel and logs it serves from the engine's own ids, so a
 * restarted control plane re-attaches to what it had submitted. Plain Java: no Spring, no engine classpath (each
 * adapter speaks its engine's wire protocol, or runs the engine's client in a child process).
 *
 * <p>Passwords reach an engine only through {@link io.nexusgateway.engines.CredentialTickets}: the job definition
 * carries a single-use ticket, the engine's driver exchanges it for the passwords over HTTP at run time, so no
 * password sits in a job definition, an engine's job record or UI, or a command line.
 */
@NullMarked
package io.nexusgateway.engines;

import org.jspecify.annotations.NullMarked;

/**
 * The {@code nexus} secrets provider: an airlift secrets plugin that lets Trino resolve
 * {@code ${nexus:<key>}} references in catalog properties from the Nexus control plane, so datasource
 * passwords never appear in query text or in {@code etc/catalog/*.properties}.
 *
 * <p>Only the JDK and {@code io.airlift:secrets-spi} (provided by Trino) are used: airlift loads secrets
 * plugins in a class loader whose parent is the platform class loader, so nothing else of Trino is
 * visible here and the plugin directory holds a single jar.
 */
package io.nexusgateway.trino.secrets;

/**
 * Everything a datasource type means, in one place: its fields, its Trino catalog, its default schema and its
 * connection test. {@link io.nexusgateway.connectors.ConnectorTypes} lists the types; {@link
 * io.nexusgateway.connectors.ConnectorType} is what each states.
 *
 * <p>Plain Java that depends on nothing of Nexus: {@code catalog-sync} and the control plane depend on it.
 */
@NullMarked
package io.nexusgateway.connectors;

import org.jspecify.annotations.NullMarked;

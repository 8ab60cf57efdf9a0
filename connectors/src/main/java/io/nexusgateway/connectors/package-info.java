/**
 * Everything a datasource type means, in one place: its fields, its Trino catalog, its default schema and its
 * connection test. {@link io.nexusgateway.connectors.ConnectorTypes} lists the types; {@link
 * io.nexusgateway.connectors.ConnectorType} is what each states. Plain Java that depends on nothing of Nexus:
 * {@code catalog-sync} turns the catalogs into Trino's, the control plane validates, tests and queries by them.
 *
 * <p>Adding a type is one file plus its test. A JDBC type extends {@link
 * io.nexusgateway.connectors.JdbcConnectorType} (MariaDB's file is the model) and states: its type name, display name
 * and default port; the fields that differ ({@code database}, {@code ssl}, {@code connectionTimeout}, {@code
 * timezone}, and the pool fields if the connector pools), from {@code JdbcFields}' factories; its {@code
 * connection-url}; the catalog properties fields set besides it, if any; its default schema; its test driver
 * properties, if any, and the vendor error codes of a refused login. A type without a server implements {@link
 * io.nexusgateway.connectors.ConnectorType} (as tpch does). Then one line in {@code ConnectorTypes}' list. The
 * parameterised tests of {@code TestConnectorTypes} run every type through the field, secret-reference and
 * reserved-property checks; the new type's test adds its catalog, default schema and connection-test rows. Nothing in
 * {@code catalog-sync} or the control plane changes: the API's form ({@code GET /api/v1/datasource-types}), the
 * validation, the connection test and the query's default schema all ask the type.
 */
@NullMarked
package io.nexusgateway.connectors;

import org.jspecify.annotations.NullMarked;

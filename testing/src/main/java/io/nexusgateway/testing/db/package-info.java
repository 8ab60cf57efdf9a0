/**
 * Test databases on MariaDB and PostgreSQL for integration tests.
 *
 * <p>{@link io.nexusgateway.testing.db.TestDatabases} hands out one {@link io.nexusgateway.testing.db.DatabaseServer}
 * per kind and JVM: the machine's server when it answers, otherwise a throwaway embedded server started from
 * Maven-resolved binaries. Each test then creates its own database and login with
 * {@link io.nexusgateway.testing.db.DatabaseServer#createDatabase(String)} and drops both when done.
 */
@NullMarked
package io.nexusgateway.testing.db;

import org.jspecify.annotations.NullMarked;

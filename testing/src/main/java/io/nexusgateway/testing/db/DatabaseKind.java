package io.nexusgateway.testing.db;

import static java.util.Objects.requireNonNull;

/** The database servers integration tests run against. */
public enum DatabaseKind {
    MARIADB("MariaDB", "mariadb", 3306, "root", ""),
    POSTGRESQL("PostgreSQL", "postgresql", 5432, "postgres", "postgres");

    private final String displayName;
    private final String jdbcScheme;
    private final int defaultPort;
    private final String defaultAdminUser;
    private final String maintenanceDatabase;

    DatabaseKind(
            String displayName,
            String jdbcScheme,
            int defaultPort,
            String defaultAdminUser,
            String maintenanceDatabase) {
        this.displayName = requireNonNull(displayName, "displayName is null");
        this.jdbcScheme = requireNonNull(jdbcScheme, "jdbcScheme is null");
        this.defaultPort = defaultPort;
        this.defaultAdminUser = requireNonNull(defaultAdminUser, "defaultAdminUser is null");
        this.maintenanceDatabase = requireNonNull(maintenanceDatabase, "maintenanceDatabase is null");
    }

    public String displayName() {
        return displayName;
    }

    /** The scheme after {@code jdbc:} in this kind's JDBC URLs. */
    public String jdbcScheme() {
        return jdbcScheme;
    }

    /** Where the machine's server listens unless configured otherwise. */
    public int defaultPort() {
        return defaultPort;
    }

    /** The superuser of the machine's server and of the embedded one; both have an empty password. */
    public String defaultAdminUser() {
        return defaultAdminUser;
    }

    /** The database an administrator connects to when none is given; empty means none (MariaDB). */
    public String maintenanceDatabase() {
        return maintenanceDatabase;
    }

    /** The system property that chooses the server: {@code host:port} or {@code embedded}. */
    public String systemProperty() {
        return "nexus.test." + jdbcScheme;
    }

    /** The environment variable read when {@link #systemProperty()} is not set. */
    public String environmentVariable() {
        return "NEXUS_TEST_" + name();
    }
}

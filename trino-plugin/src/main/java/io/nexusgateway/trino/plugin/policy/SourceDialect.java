package io.nexusgateway.trino.plugin.policy;

import java.util.Optional;

/** The SQL dialect of a datasource's source, from its type in the policy: how its pass-through SQL is read. */
enum SourceDialect {
    POSTGRESQL,
    MYSQL,
    ORACLE;

    /** The dialect of a datasource type ({@code mariadb} speaks MySQL's); empty for types without pass-through. */
    static Optional<SourceDialect> ofType(String type) {
        return switch (type) {
            case "postgresql" -> Optional.of(POSTGRESQL);
            case "mariadb", "mysql" -> Optional.of(MYSQL);
            case "oracle" -> Optional.of(ORACLE);
            default -> Optional.empty();
        };
    }
}

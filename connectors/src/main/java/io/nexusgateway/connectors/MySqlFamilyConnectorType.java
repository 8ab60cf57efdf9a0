package io.nexusgateway.connectors;

import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * MySQL and MariaDB: a catalog shows every database of the server as a schema (Trino refuses a database in the URL),
 * so the datasource's database is only the default schema; a refused login is MySQL's error 1045.
 */
abstract class MySqlFamilyConnectorType extends JdbcConnectorType {
    MySqlFamilyConnectorType(String type, String displayName) {
        super(type, displayName, 3306);
    }

    @Override
    final FieldDescriptor database() {
        return JdbcFields.databaseAsDefaultSchema(displayName());
    }

    @Override
    final String propertiesExample() {
        return "case-insensitive-name-matching=true";
    }

    @Override
    public final Optional<String> defaultSchema(@Nullable String database, @Nullable String username) {
        return lowercase(database);
    }

    /** ER_ACCESS_DENIED_ERROR. */
    @Override
    final Set<Integer> authenticationErrorCodes() {
        return Set.of(1045);
    }
}

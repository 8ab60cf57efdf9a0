package io.nexusgateway.connectors;

import static io.nexusgateway.connectors.Mapping.CONNECTION_PASSWORD;
import static io.nexusgateway.connectors.Mapping.CONNECTION_URL;
import static io.nexusgateway.connectors.Mapping.CONNECTION_USER;

import org.jspecify.annotations.Nullable;

/** Descriptors of the fields every JDBC connector type treats alike. */
final class JdbcFields {
    private JdbcFields() {}

    static FieldDescriptor host() {
        return new FieldDescriptor(
                DatasourceFields.HOST,
                JsonType.STRING,
                "hostname",
                true,
                null,
                "Host name or IP address of the server, as Trino's nodes reach it",
                CONNECTION_URL);
    }

    static FieldDescriptor port(int defaultPort) {
        return new FieldDescriptor(
                DatasourceFields.PORT,
                JsonType.INTEGER,
                null,
                false,
                defaultPort,
                "TCP port of the server",
                CONNECTION_URL);
    }

    static FieldDescriptor username() {
        return new FieldDescriptor(
                DatasourceFields.USERNAME,
                JsonType.STRING,
                null,
                true,
                null,
                "Login Trino uses for every query on this catalog",
                CONNECTION_USER);
    }

    static FieldDescriptor password() {
        return new FieldDescriptor(
                DatasourceFields.PASSWORD,
                JsonType.STRING,
                "password",
                false,
                null,
                "Kept encrypted by Nexus. The catalog gets only a secret reference (${nexus:...}) that Trino resolves"
                        + " when it loads the catalog, so the password appears in no catalog file, query text or log."
                        + " Empty: log in without a password",
                CONNECTION_PASSWORD);
    }

    static FieldDescriptor database(boolean required, String description, @Nullable String mapsTo) {
        return new FieldDescriptor(
                DatasourceFields.DATABASE, JsonType.STRING, null, required, null, description, mapsTo);
    }

    /** A MySQL-like server: the catalog shows every database as a schema, so the database is no part of the URL. */
    static FieldDescriptor databaseAsDefaultSchema(String displayName) {
        return database(
                false,
                "Not applied: the catalog shows every database the login may see as a schema (Trino refuses a"
                        + " database in a %s URL); this is the default schema for clients".formatted(displayName),
                null);
    }

    /** Off by default; {@code description} says what on means. */
    static FieldDescriptor ssl(String description, String mapsTo) {
        return new FieldDescriptor(DatasourceFields.SSL, JsonType.BOOLEAN, null, false, false, description, mapsTo);
    }

    /** @param defaultValue an ISO-8601 duration, or {@code null} for the driver's default */
    static FieldDescriptor connectionTimeout(@Nullable String defaultValue, String description, String mapsTo) {
        return new FieldDescriptor(
                DatasourceFields.CONNECTION_TIMEOUT,
                JsonType.STRING,
                "duration",
                false,
                defaultValue,
                description,
                mapsTo);
    }

    static FieldDescriptor timezone(String description, String mapsTo) {
        return new FieldDescriptor(
                DatasourceFields.TIMEZONE, JsonType.STRING, "time-zone", false, null, description, mapsTo);
    }

    static FieldDescriptor timezoneNotApplied(String why) {
        return Mapping.notApplied(DatasourceFields.TIMEZONE, JsonType.STRING, "time-zone", why);
    }

    static FieldDescriptor maxLifetime() {
        return Mapping.notApplied(
                DatasourceFields.MAX_LIFETIME,
                JsonType.STRING,
                "duration",
                "Trino 476 has no catalog property for the lifetime of a source connection");
    }

    static FieldDescriptor properties(String connectorName, String example) {
        return new FieldDescriptor(
                DatasourceFields.PROPERTIES,
                JsonType.OBJECT,
                null,
                false,
                null,
                ("Further properties of Trino's %s connector, passed through as they are, e.g. %s. They cannot set"
                                + " connection-url, connection-user, connection-password, a credential provider, or a"
                                + " property a field above sets; no value here or in a field may contain ${ (Trino would resolve a"
                                + " secret reference). Trino"
                                + " refuses unknown properties ('Configuration property ... was not used')")
                        .formatted(connectorName, example),
                "(passed through)");
    }

    static FieldDescriptor poolNotApplied(String field, @Nullable String format, String connector) {
        return Mapping.notApplied(
                field,
                "duration".equals(format) ? JsonType.STRING : JsonType.INTEGER,
                format,
                ("Trino 476's %s connector keeps no connection pool: it opens a source connection per operation."
                                + " (The connection-pool.* properties of later Trino versions do not exist in 476.)")
                        .formatted(connector));
    }
}

package io.nexusgateway.connectors;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The checks and conversions the connector types share. */
final class Mapping {
    static final String CONNECTION_URL = "connection-url";
    static final String CONNECTION_USER = "connection-user";
    static final String CONNECTION_PASSWORD = "connection-password";

    /**
     * Extra properties that may never be set: the connection and credentials come from the datasource's fields, and
     * Trino's other credential providers would read files or keystores on the Trino host.
     */
    static final Set<String> RESERVED_PROPERTIES = Set.of(
            "connector.name",
            CONNECTION_URL,
            CONNECTION_USER,
            CONNECTION_PASSWORD,
            "connection-credential-file",
            "credential-provider.type",
            "keystore-file-path",
            "keystore-type",
            "keystore-password",
            "keystore-user-credential-name",
            "keystore-password-credential-name",
            "user-credential-name",
            "password-credential-name");

    private static final Pattern HOST_NAME = Pattern.compile(
            "[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?)*");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final int MAX_HOST_LENGTH = 253;
    private static final int MAX_USERNAME_LENGTH = 256;
    private static final Pattern PROPERTY_KEY = Pattern.compile("[a-z0-9]+(?:[._-][a-z0-9]+)*");
    private static final Pattern CONTROL_CHARACTERS = Pattern.compile("\\p{Cntrl}");

    private Mapping() {}

    /**
     * The first step of every {@link ConnectorType#toCatalog}: the datasource is of this type, and none of the values a
     * user set holds {@code ${}, whether the type applies the field or not: Trino resolves {@code ${provider:key}}
     * anywhere in a catalog property, which would read another datasource's password or Trino's environment into a
     * setting the source's error messages show. The password is no such value: only its reference reaches Trino.
     */
    static void checkDatasource(ConnectorType connectorType, DatasourceSpec datasource) {
        if (!connectorType.type().equalsIgnoreCase(datasource.type())) {
            throw new IllegalArgumentException("datasource %s is of type '%s', not '%s'"
                    .formatted(datasource.id(), datasource.type(), connectorType.type()));
        }
        checkNoSecretReference(DatasourceFields.HOST, datasource.host());
        checkNoSecretReference(DatasourceFields.DATABASE, datasource.database());
        checkNoSecretReference(DatasourceFields.USERNAME, datasource.username());
        checkNoSecretReference(DatasourceFields.TIMEZONE, datasource.timezone());
        datasource.extraProperties().forEach((key, value) -> {
            checkNoSecretReference(DatasourceFields.PROPERTIES + "." + key, key);
            checkNoSecretReference(DatasourceFields.PROPERTIES + "." + key, value);
        });
    }

    private static void checkNoSecretReference(String field, @Nullable String value) {
        if (value != null && CatalogSecrets.containsReference(value)) {
            throw InvalidDatasourceException.secretReference(field);
        }
    }

    /** {@code host:port} for a JDBC URL, the host checked so it cannot add a path or parameters to the URL. */
    static String hostAndPort(ConnectorType connectorType, DatasourceSpec datasource) {
        return urlHost(connectorType, datasource.host()) + ":" + port(connectorType, datasource.port());
    }

    private static String urlHost(ConnectorType connectorType, @Nullable String host) {
        if (host == null || host.isBlank()) {
            throw InvalidDatasourceException.missing(connectorType.type(), DatasourceFields.HOST);
        }
        String trimmed = host.strip();
        if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
            return "[" + ipv6(trimmed.substring(1, trimmed.length() - 1), host) + "]";
        }
        if (trimmed.indexOf(':') >= 0) {
            return "[" + ipv6(trimmed, host) + "]";
        }
        if (trimmed.length() > MAX_HOST_LENGTH || !HOST_NAME.matcher(trimmed).matches()) {
            throw InvalidDatasourceException.invalid(
                    DatasourceFields.HOST,
                    "'%s' is not a host name or IP address (letters, digits, '-', '_' and dots)".formatted(host));
        }
        return trimmed;
    }

    private static String ipv6(String address, String host) {
        if (!IPV6.matcher(address).matches()
                || address.chars().filter(c -> c == ':').count() < 2) {
            throw InvalidDatasourceException.invalid(
                    DatasourceFields.HOST, "'%s' is not a host name or IP address".formatted(host));
        }
        return address;
    }

    static int port(ConnectorType connectorType, @Nullable Integer port) {
        if (port == null) {
            return connectorType
                    .defaultPort()
                    .orElseThrow(() -> InvalidDatasourceException.missing(connectorType.type(), DatasourceFields.PORT));
        }
        if (port < 1 || port > 65_535) {
            throw InvalidDatasourceException.invalid(DatasourceFields.PORT, "%d is not in 1..65535".formatted(port));
        }
        return port;
    }

    static String requireDatabase(ConnectorType connectorType, DatasourceSpec datasource) {
        String database = datasource.database();
        if (database == null || database.isBlank()) {
            throw InvalidDatasourceException.missing(connectorType.type(), DatasourceFields.DATABASE);
        }
        if (CONTROL_CHARACTERS.matcher(database).find()) {
            throw InvalidDatasourceException.invalid(DatasourceFields.DATABASE, "contains control characters");
        }
        return database;
    }

    /** {@code connection-user} and, if there is a password reference, {@code connection-password}. */
    static void putCredentials(ConnectorType connectorType, DatasourceSpec datasource, Map<String, String> properties) {
        String username = datasource.username();
        if (username == null || username.isBlank()) {
            throw InvalidDatasourceException.missing(connectorType.type(), DatasourceFields.USERNAME);
        }
        if (username.length() > MAX_USERNAME_LENGTH
                || CONTROL_CHARACTERS.matcher(username).find()) {
            throw InvalidDatasourceException.invalid(
                    DatasourceFields.USERNAME,
                    "at most %d characters without control characters".formatted(MAX_USERNAME_LENGTH));
        }
        properties.put(CONNECTION_USER, username);
        String reference = datasource.passwordReference();
        if (reference != null) {
            // exactly the datasource's own reference: never another datasource's secret, Trino's environment or a
            // password given by mistake (the value is not echoed)
            if (!reference.equals(
                    CatalogSecrets.passwordReference(datasource.id().toString()))) {
                throw InvalidDatasourceException.invalid(
                        DatasourceFields.PASSWORD,
                        "a catalog takes only its own datasource's secret reference"
                                + " ${nexus:datasource.<id>.password}, never a password");
            }
            properties.put(CONNECTION_PASSWORD, reference);
        }
    }

    static @Nullable ZoneId zone(@Nullable String timezone) {
        if (timezone == null || timezone.isBlank()) {
            return null;
        }
        try {
            return ZoneId.of(timezone.strip());
        } catch (DateTimeException e) {
            throw InvalidDatasourceException.invalid(
                    DatasourceFields.TIMEZONE,
                    "'%s' is not a time zone id (e.g. UTC, Europe/Berlin, +01:00)".formatted(timezone));
        }
    }

    static Duration positive(String field, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw InvalidDatasourceException.invalid(field, "must be positive, was " + duration);
        }
        return duration;
    }

    /** An airlift duration as Trino's configuration reads it: {@code 10s}, or {@code 2500ms} below whole seconds. */
    static String airliftDuration(String field, Duration duration) {
        long millis = millisRoundedUp(field, duration);
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    static long millisRoundedUp(String field, Duration duration) {
        positive(field, duration);
        long millis = duration.toMillis();
        return duration.equals(Duration.ofMillis(millis)) ? millis : millis + 1;
    }

    static long secondsRoundedUp(String field, Duration duration) {
        positive(field, duration);
        long seconds = duration.toSeconds();
        return duration.equals(Duration.ofSeconds(seconds)) ? seconds : seconds + 1;
    }

    static String withParameters(String url, Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            return url;
        }
        StringJoiner query = new StringJoiner("&", "?", "");
        parameters.forEach((key, value) -> query.add(key + "=" + value));
        return url + query;
    }

    /**
     * Adds the datasource's extra properties to {@code properties}, refusing reserved keys, keys a field sets
     * ({@code fieldKeys}: key to field) and control characters in values (secret references: {@link
     * #checkDatasource}).
     */
    static void putExtraProperties(
            DatasourceSpec datasource, SortedMap<String, String> properties, Map<String, String> fieldKeys) {
        datasource.extraProperties().forEach((key, value) -> {
            if (RESERVED_PROPERTIES.contains(key)) {
                throw InvalidDatasourceException.reservedProperty(key);
            }
            String field = fieldKeys.get(key);
            if (field != null) {
                throw InvalidDatasourceException.propertyOwnedByField(key, field);
            }
            if (!PROPERTY_KEY.matcher(key).matches()) {
                throw InvalidDatasourceException.invalid(
                        DatasourceFields.PROPERTIES + "." + key,
                        "a Trino catalog property is lowercase letters and digits separated by '.', '-' or '_'");
            }
            if (CONTROL_CHARACTERS.matcher(value).find()) {
                throw InvalidDatasourceException.invalid(
                        DatasourceFields.PROPERTIES + "." + key, "contains control characters");
            }
            if (properties.containsKey(key)) {
                throw InvalidDatasourceException.reservedProperty(key);
            }
            properties.put(key, value);
        });
    }

    /** The catalog of {@code datasource} with {@code properties}: owned by the datasource, fingerprinted. */
    static CatalogDefinition catalog(
            ConnectorType connectorType, DatasourceSpec datasource, SortedMap<String, String> properties) {
        return CatalogDefinition.of(
                datasource.catalogName(),
                connectorType.connectorName(),
                properties,
                datasource.id().toString(),
                datasource.secretVersion());
    }

    static FieldDescriptor notApplied(String name, JsonType type, @Nullable String format, String why) {
        return new FieldDescriptor(name, type, format, false, null, "Not applied: " + why, null);
    }
}

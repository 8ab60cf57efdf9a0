package io.nexusgateway.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

final class TestConnectorTypes {
    private static final UUID ID = UUID.fromString("6f1c1f1e-0000-4000-8000-000000000001");
    private static final String REFERENCE = "${nexus:datasource.6f1c1f1e-0000-4000-8000-000000000001.password}";

    private static final String[] TYPES = {"mysql", "mariadb", "postgresql", "oracle", "tpch"};

    @ParameterizedTest
    @CsvSource({"mysql, 3306", "mariadb, 3306", "postgresql, 5432", "oracle, 1521"})
    void testDefaultPorts(String type, int port) {
        assertThat(ConnectorTypes.get(type).defaultPort()).hasValue(port);
    }

    @Test
    void testTypes() {
        assertThat(ConnectorTypes.typeNames()).containsExactly(TYPES);
        assertThat(ConnectorTypes.get("tpch").defaultPort()).isEmpty();
        assertThat(ConnectorTypes.get("PostgreSQL").connectorName()).isEqualTo("postgresql");
        assertThatThrownBy(() -> ConnectorTypes.get("db2"))
                .isInstanceOf(InvalidDatasourceException.class)
                .hasMessage("unknown datasource type 'db2'; known types: [mysql, mariadb, postgresql, oracle, tpch]");
    }

    static Stream<ConnectorType> types() {
        return ConnectorTypes.all().stream();
    }

    @ParameterizedTest
    @MethodSource("types")
    void testEveryTypeDescribesEveryField(ConnectorType type) {
        assertThat(type.fields())
                .as(type.type())
                .extracting(FieldDescriptor::name)
                .containsExactlyElementsOf(DatasourceFields.ALL);
        assertThat(type.fields())
                .as(type.type() + ": a field without effect says so")
                .filteredOn(field -> !field.applied())
                .allSatisfy(field -> assertThat(field.description()).startsWith("Not applied: "));
    }

    @Test
    void testFieldsOfTypes() {
        ConnectorType postgresql = ConnectorTypes.get("postgresql");
        assertThat(postgresql.field("database").orElseThrow().required()).isTrue();
        assertThat(postgresql.field("port").orElseThrow().defaultValue()).isEqualTo(5432);
        assertThat(postgresql.field("timezone").orElseThrow().applied()).isFalse();
        assertThat(postgresql.field("maxPoolSize").orElseThrow().applied()).isFalse();
        assertThat(ConnectorTypes.get("mariadb").field("timezone").orElseThrow().mapsTo())
                .isEqualTo("connection-url timezone");
        assertThat(ConnectorTypes.get("mysql").field("timezone").orElseThrow().applied())
                .isFalse();
        assertThat(ConnectorTypes.get("mysql")
                        .field("connectionTimeout")
                        .orElseThrow()
                        .mapsTo())
                .isEqualTo("mysql.connection-timeout");
        assertThat(ConnectorTypes.get("oracle")
                        .field("maxPoolSize")
                        .orElseThrow()
                        .applied())
                .isTrue();
        assertThat(ConnectorTypes.get("oracle")
                        .field("maxLifetime")
                        .orElseThrow()
                        .applied())
                .isFalse();
        assertThat(ConnectorTypes.get("tpch").fields())
                .filteredOn(FieldDescriptor::applied)
                .extracting(FieldDescriptor::name)
                .containsExactly("properties");
        assertThat(ConnectorTypes.get("mysql").field("password").orElseThrow().format())
                .isEqualTo("password");
        assertThat(ConnectorTypes.get("mysql").field("properties").orElseThrow().type())
                .isEqualTo(JsonType.OBJECT);
    }

    /** The least a JDBC type needs: host, username and, where the URL names one, the database. */
    @ParameterizedTest
    @CsvSource(
            nullValues = "-",
            value = {
                "mysql, -, jdbc:mysql://db.example.com:3306",
                "mariadb, -, jdbc:mariadb://db.example.com:3306",
                "postgresql, shop, jdbc:postgresql://db.example.com:5432/shop",
                "oracle, FREEPDB1, jdbc:oracle:thin:@//db.example.com:1521/FREEPDB1"
            })
    void testMinimalJdbcCatalogs(String type, @Nullable String database, String url) {
        CatalogDefinition minimal =
                ConnectorTypes.toCatalog(spec(type).database(database).build());
        assertThat(minimal.catalogName()).isEqualTo("sales");
        assertThat(minimal.connectorName()).isEqualTo(type);
        assertThat(minimal.ownerId()).isEqualTo(ID.toString());
        assertThat(minimal.properties())
                .containsExactly(entry("connection-url", url), entry("connection-user", "reader"));
    }

    /** Every field set: the URL, the credentials, the extra property and what fields set besides the URL. */
    @ParameterizedTest
    @CsvSource(
            nullValues = "-",
            value = {
                "mysql, shop, jdbc:mysql://db.example.com:3307/?sslMode=VERIFY_IDENTITY, mysql.connection-timeout=2500ms",
                "mariadb, shop, jdbc:mariadb://db.example.com:3307/?connectTimeout=2500&sslMode=verify-full"
                        + "&timezone=+01:00, -",
                "postgresql, shop, jdbc:postgresql://db.example.com:3307/shop?connectTimeout=3&loginTimeout=3"
                        + "&sslmode=verify-full, -",
                "oracle, ORCLPDB1, jdbc:oracle:thin:@tcps://db.example.com:3307/ORCLPDB1?connect_timeout=3,"
                        + " oracle.connection-pool.inactive-timeout=300s;oracle.connection-pool.max-size=8"
            })
    void testFullJdbcCatalogs(String type, String database, String url, @Nullable String fieldProperties) {
        Map<String, String> expected = new TreeMap<>(Map.of(
                "case-insensitive-name-matching",
                "true",
                "connection-password",
                REFERENCE,
                "connection-url",
                url,
                "connection-user",
                "reader"));
        if (fieldProperties != null) {
            for (String property : fieldProperties.split(";")) {
                expected.put(
                        property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
            }
        }
        assertThat(ConnectorTypes.toCatalog(full(type).database(database).build())
                        .properties())
                .containsExactlyEntriesOf(expected);
    }

    @Test
    void testMySql() {
        CatalogDefinition full = ConnectorTypes.toCatalog(full("mysql").build());
        // the database is the default schema only: Trino refuses a database in a MySQL URL
        assertThat(full.properties().values()).noneMatch(value -> value.contains("shop"));
    }

    @Test
    void testMariaDb() {
        CatalogDefinition full = ConnectorTypes.toCatalog(full("mariadb").build());
        assertThat(full.connectorName()).isEqualTo("mariadb");
        assertThat(ConnectorTypes.toCatalog(
                                spec("mariadb").timezone("Europe/Berlin").build())
                        .properties())
                .containsEntry("connection-url", "jdbc:mariadb://db.example.com:3306/?timezone=Europe/Berlin");
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "-",
            value = {
                "postgresql, shop, false,"
                        + " jdbc:postgresql://db.example.com:5432/shop?options=-c%20default_transaction_read_only%3Don",
                "postgresql, shop, true, jdbc:postgresql://db.example.com:5432/shop?sslmode=verify-full"
                        + "&options=-c%20default_transaction_read_only%3Don",
                "mariadb, -, false, jdbc:mariadb://db.example.com:3306/?sessionVariables=tx_read_only=1",
                "mysql, -, false, jdbc:mysql://db.example.com:3306/?sessionVariables=transaction_read_only=1",
                "mysql, -, true, jdbc:mysql://db.example.com:3306/?sslMode=VERIFY_IDENTITY"
                        + "&sessionVariables=transaction_read_only=1"
            })
    void testReadOnlySourceConnectionUrls(String type, @Nullable String database, boolean ssl, String url) {
        assertThat(url(spec(type).database(database).ssl(ssl).writable(false))).isEqualTo(url);
    }

    @Test
    void testReadOnlySourceConnections() {
        // ojdbc has no URL setting for it: the account's grants keep an Oracle datasource from writing
        assertThat(url(spec("oracle").database("FREEPDB1").writable(false)))
                .isEqualTo(url(spec("oracle").database("FREEPDB1")));
        // the setting is part of the catalog: flipping writable re-creates it
        assertThat(ConnectorTypes.toCatalog(spec("mariadb").writable(false).build())
                        .fingerprint())
                .isNotEqualTo(ConnectorTypes.toCatalog(spec("mariadb").build()).fingerprint());
    }

    @Test
    void testPostgreSql() {
        // pgjdbc URL-decodes the database name
        assertThat(ConnectorTypes.toCatalog(
                                spec("postgresql").database("my db/ä?x").build())
                        .properties())
                .containsEntry("connection-url", "jdbc:postgresql://db.example.com:5432/my+db%2F%C3%A4%3Fx");
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(spec("postgresql").build()))
                .isInstanceOf(InvalidDatasourceException.class)
                .hasMessage("postgresql datasource needs 'database'");
    }

    @Test
    void testOracle() {
        assertThat(ConnectorTypes.toCatalog(
                                full("oracle").database("X").maxPoolSize(0).build())
                        .properties())
                .containsEntry("oracle.connection-pool.enabled", "false")
                .doesNotContainKeys("oracle.connection-pool.max-size", "oracle.connection-pool.inactive-timeout");
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(
                        spec("oracle").database("X").maxPoolSize(-1).build()))
                .isInstanceOf(InvalidDatasourceException.class)
                .hasMessageContaining("maxPoolSize");
        assertThatThrownBy(() ->
                        ConnectorTypes.toCatalog(spec("oracle").database("a/b").build()))
                .isInstanceOf(InvalidDatasourceException.class)
                .hasMessageContaining("not an Oracle service name");
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(spec("oracle")
                        .database("X")
                        .extraProperty("oracle.connection-pool.max-size", "3")
                        .build()))
                .isInstanceOf(InvalidDatasourceException.class)
                .hasMessage("extra property 'oracle.connection-pool.max-size' is set through the field 'maxPoolSize'");
    }

    @Test
    void testTpch() {
        CatalogDefinition minimal = ConnectorTypes.toCatalog(
                DatasourceSpec.builder(ID, "tpch", "sample").build());
        assertThat(minimal.connectorName()).isEqualTo("tpch");
        assertThat(minimal.properties()).isEmpty();
        CatalogDefinition tuned = ConnectorTypes.toCatalog(DatasourceSpec.builder(ID, "tpch", "sample")
                .host("ignored")
                .extraProperty("tpch.splits-per-node", "4")
                .build());
        assertThat(tuned.properties()).containsExactly(entry("tpch.splits-per-node", "4"));
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(DatasourceSpec.builder(ID, "tpch", "sample")
                        .passwordReference(REFERENCE)
                        .build()))
                .isInstanceOf(InvalidDatasourceException.class);
    }

    /** IPv6 addresses are bracketed, blanks around a host dropped. */
    @ParameterizedTest
    @CsvSource({
        "10.0.0.7, jdbc:mysql://10.0.0.7:3306",
        "::1, jdbc:mysql://[::1]:3306",
        "[fe80::1], jdbc:mysql://[fe80::1]:3306",
        "' db_1.internal ', jdbc:mysql://db_1.internal:3306"
    })
    void testHosts(String host, String url) {
        assertThat(url(spec("mysql").host(host))).isEqualTo(url);
    }

    @Test
    void testAHostIsRequired() {
        assertThatThrownBy(
                        () -> ConnectorTypes.toCatalog(spec("mysql").host(null).build()))
                .hasMessage("mysql datasource needs 'host'");
    }

    /** A host must not smuggle a path, parameters or credentials into the URL. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "db/evil",
                "db?allowLoadLocalInfile=true",
                "user@db",
                "db:3306",
                "db#x",
                "db host",
                "-db",
                "db..x",
                ""
            })
    void testHostsThatAreRefused(String host) {
        assertThatThrownBy(
                        () -> ConnectorTypes.toCatalog(spec("mysql").host(host).build()))
                .as(host)
                .isInstanceOf(InvalidDatasourceException.class)
                .extracting(e -> ((InvalidDatasourceException) e).field())
                .isEqualTo("host");
    }

    @Test
    void testPortsAndUsernames() {
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(spec("mysql").port(0).build()))
                .hasMessage("invalid 'port': 0 is not in 1..65535");
        assertThatThrownBy(() ->
                        ConnectorTypes.toCatalog(spec("mysql").port(65_536).build()))
                .isInstanceOf(InvalidDatasourceException.class);
        assertThatThrownBy(() ->
                        ConnectorTypes.toCatalog(spec("mariadb").username(" ").build()))
                .hasMessage("mariadb datasource needs 'username'");
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(
                        spec("mariadb").username("a\nb").build()))
                .isInstanceOf(InvalidDatasourceException.class);
        // quotes are fine: they are escaped in CREATE CATALOG
        assertThat(ConnectorTypes.toCatalog(
                                spec("mariadb").username("o'brien \"x\"").build())
                        .properties())
                .containsEntry("connection-user", "o'brien \"x\"");
    }

    @Test
    void testPasswordOnlyAsItsOwnReference() {
        assertThat(ConnectorTypes.toCatalog(
                                spec("mysql").passwordReference(REFERENCE).build())
                        .properties())
                .containsEntry("connection-password", REFERENCE);
    }

    static Stream<String> notItsReference() {
        return Stream.of(
                "s3cret",
                "${nexus}",
                "${nexus:}",
                "x" + REFERENCE,
                REFERENCE + " ",
                "${NEXUS:datasource." + ID + ".password}",
                "${nexus:datasource." + UUID.randomUUID() + ".password}",
                "${ENV:MYSQL_PASSWORD}",
                "${FILE:/etc/passwd}",
                "");
    }

    @ParameterizedTest
    @MethodSource("notItsReference")
    void testPasswordIsNeverAnotherReference(String notItsReference) {
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(
                        spec("mysql").passwordReference(notItsReference).build()))
                .as(notItsReference)
                .isInstanceOf(InvalidDatasourceException.class)
                .hasMessage("invalid 'password': a catalog takes only its own datasource's secret reference"
                        + " ${nexus:datasource.<id>.password}, never a password");
    }

    /**
     * Every string a user sets, for every type, whether the type applies the field or not: {@code ${...}} would make
     * Trino resolve another datasource's password, its environment or a file into a catalog property. Driven by the
     * types' field descriptors, so a new field fails here until it is checked.
     */
    @ParameterizedTest
    @MethodSource("types")
    void testNoFieldMayHoldASecretReference(ConnectorType type) {
        String[] references = {
            "${nexus:datasource." + UUID.randomUUID() + ".password}",
            "${ENV:HOME}",
            "${FILE:/etc/passwd}",
            "x${env:HOME}y",
            "${"
        };
        int checked = 0;
        // valid as it is, so that only the hostile value can fail it
        DatasourceSpec.Builder valid = type.type().equals("tpch")
                ? DatasourceSpec.builder(ID, "tpch", "sales")
                : full(type.type()).timezone(null);
        assertThat(ConnectorTypes.toCatalog(valid.build())).as(type.type()).isNotNull();
        for (FieldDescriptor field : type.fields()) {
            for (String reference : references) {
                DatasourceSpec.Builder hostile = valid.build().toBuilder();
                String expectedField = field.name();
                switch (field.name()) {
                    case DatasourceFields.HOST -> hostile.host(reference);
                    case DatasourceFields.DATABASE -> hostile.database(reference);
                    case DatasourceFields.USERNAME -> hostile.username(reference);
                    case DatasourceFields.TIMEZONE -> hostile.timezone(reference);
                    case DatasourceFields.PASSWORD -> hostile.passwordReference(reference);
                    case DatasourceFields.PROPERTIES -> {
                        hostile.extraProperty("case-insensitive-name-matching", reference);
                        expectedField = "properties.case-insensitive-name-matching";
                    }
                    // typed in the spec: a number, a boolean or a duration cannot hold text
                    case DatasourceFields.PORT,
                            DatasourceFields.SSL,
                            DatasourceFields.CONNECTION_TIMEOUT,
                            DatasourceFields.MAX_POOL_SIZE,
                            DatasourceFields.IDLE_TIMEOUT,
                            DatasourceFields.MAX_LIFETIME -> {
                        continue;
                    }
                    default ->
                        throw new AssertionError("field " + field.name() + " of " + type.type()
                                + " is not checked for secret references: add it to Mapping.checkDatasource");
                }
                String description = type.type() + " " + field.name() + " = " + reference;
                String finalField = expectedField;
                assertThatThrownBy(() -> ConnectorTypes.toCatalog(hostile.build()))
                        .as(description)
                        .isInstanceOfSatisfying(InvalidDatasourceException.class, e -> {
                            assertThat(e.field()).as(description).isEqualTo(finalField);
                            if (reference.length() > 2) {
                                assertThat(e.getMessage()).as(description).doesNotContain(reference);
                            }
                        });
                checked++;
            }
        }
        assertThat(checked).isEqualTo(6 * references.length);
    }

    static Stream<Arguments> reservedPropertiesOfTypes() {
        return Stream.of(
                        "connection-url",
                        "connection-user",
                        "connection-password",
                        "connection-credential-file",
                        "credential-provider.type",
                        "keystore-file-path",
                        "connector.name")
                .flatMap(key -> Stream.of(TYPES).map(type -> Arguments.of(type, key)));
    }

    @ParameterizedTest
    @MethodSource("reservedPropertiesOfTypes")
    void testExtraPropertiesCannotSetReservedProperties(String type, String key) {
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(
                        spec(type).database("db").extraProperty(key, "x").build()))
                .as(type + " " + key)
                .isInstanceOf(InvalidDatasourceException.class)
                .hasMessageStartingWith("extra property '%s' is reserved".formatted(key));
    }

    @Test
    void testExtraPropertiesCannotOverrideWhatNexusSets() {
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(spec("mysql")
                        .extraProperty("mysql.connection-timeout", "1s")
                        .build()))
                .hasMessage("extra property 'mysql.connection-timeout' is set through the field 'connectionTimeout'");
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(spec("mysql")
                        .extraProperty("metadata.cache-ttl", "${ENV:AWS_SECRET_ACCESS_KEY}")
                        .build()))
                .hasMessage("invalid 'properties.metadata.cache-ttl': '${' is not allowed: Trino would resolve it as a"
                        + " secret reference");
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(
                        spec("mysql").extraProperty("Bad Key", "1").build()))
                .isInstanceOf(InvalidDatasourceException.class)
                .hasMessageContaining("properties.Bad Key");
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(spec("mysql")
                        .extraProperty("query.comment-format", "a\nb")
                        .build()))
                .hasMessageContaining("control characters");
    }

    @Test
    void testDurationsAndTimezones() {
        assertThat(ConnectorTypes.toCatalog(spec("mysql")
                                .connectionTimeout(Duration.ofSeconds(10))
                                .build())
                        .properties())
                .containsEntry("mysql.connection-timeout", "10s");
        assertThat(ConnectorTypes.toCatalog(spec("mysql")
                                .connectionTimeout(Duration.ofNanos(1_500_001))
                                .build())
                        .properties())
                .containsEntry("mysql.connection-timeout", "2ms");
        assertThat(url(spec("postgresql").database("d").connectionTimeout(Duration.ofMillis(10))))
                .endsWith("?connectTimeout=1&loginTimeout=1");
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(
                        spec("mysql").connectionTimeout(Duration.ZERO).build()))
                .hasMessage("invalid 'connectionTimeout': must be positive, was PT0S");
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(
                        spec("mariadb").timezone("Mars/Olympus").build()))
                .hasMessageStartingWith("invalid 'timezone'");
        // fields a type cannot apply are ignored, as their descriptors say
        CatalogDefinition ignored = ConnectorTypes.toCatalog(spec("postgresql")
                .database("d")
                .timezone("Europe/Berlin")
                .maxPoolSize(5)
                .idleTimeout(Duration.ofMinutes(1))
                .maxLifetime(Duration.ofHours(1))
                .build());
        assertThat(ignored.properties()).containsOnlyKeys("connection-url", "connection-user");
    }

    @Test
    void testWrongTypeAndCatalogName() {
        assertThatThrownBy(() ->
                        ConnectorTypes.get("mysql").toCatalog(spec("mariadb").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is of type 'mariadb', not 'mysql'");
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(
                        DatasourceSpec.builder(ID, "tpch", "System").build()))
                .isInstanceOf(InvalidCatalogNameException.class);
        assertThatThrownBy(() -> ConnectorTypes.toCatalog(
                        DatasourceSpec.builder(ID, "tpch", "system").build()))
                .isInstanceOf(InvalidCatalogNameException.class)
                .hasMessageContaining("reserved");
    }

    @Test
    void testPropertiesAreSortedAndImmutable() {
        CatalogDefinition catalog = ConnectorTypes.toCatalog(full("mysql").build());
        assertThat(List.copyOf(catalog.properties().keySet())).isSorted();
        assertThatThrownBy(() -> catalog.properties().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        DatasourceSpec spec =
                spec("mysql").extraProperties(Map.of("b", "1", "a", "2")).build();
        assertThat(spec.extraProperties().keySet()).containsExactly("a", "b");
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "-",
            value = {
                "mysql, Shop, reader, shop",
                "mariadb, Shop, reader, shop",
                "mysql, ' ', reader, -",
                "postgresql, Shop, reader, public",
                "oracle, FREEPDB1, Reader, reader",
                "oracle, FREEPDB1, -, -",
                "tpch, -, -, tiny"
            })
    void testDefaultSchemas(
            String type, @Nullable String database, @Nullable String username, @Nullable String schema) {
        assertThat(ConnectorTypes.get(type).defaultSchema(database, username)).isEqualTo(Optional.ofNullable(schema));
    }

    /** The connection test connects where the catalog would, with the vendor's driver properties and codes. */
    @ParameterizedTest
    @CsvSource(
            nullValues = "-",
            value = {"mysql, -, 1045", "mariadb, -, 1045", "postgresql, shop, -", "oracle, FREEPDB1, 1017 1045"})
    void testConnectionTests(String type, @Nullable String database, @Nullable String codes) {
        DatasourceSpec spec = full(type).database(database).build();
        ConnectionTest test = ConnectorTypes.get(type)
                .connectionTest(spec, Duration.ofSeconds(5))
                .orElseThrow();
        assertThat(test.jdbcUrl())
                .isEqualTo(ConnectorTypes.toCatalog(spec).properties().get("connection-url"));
        assertThat(test.authenticationErrorCodes())
                .containsExactlyInAnyOrderElementsOf(
                        codes == null
                                ? List.of()
                                : Stream.of(codes.split(" "))
                                        .map(Integer::valueOf)
                                        .toList());
        assertThat(test.driverProperties())
                .isEqualTo(type.equals("oracle") ? Map.of("oracle.net.CONNECT_TIMEOUT", "5000") : Map.of());
        assertThatThrownBy(() -> ConnectorTypes.get(type)
                        .connectionTest(spec.toBuilder().host("db/evil").build(), Duration.ofSeconds(5)))
                .isInstanceOf(InvalidDatasourceException.class);
    }

    /**
     * The engines connect where the catalog would (read-only sessions included), with the vendor's driver, and never
     * get the password in their options.
     */
    @ParameterizedTest
    @CsvSource(
            nullValues = "-",
            value = {
                "mysql, -, com.mysql.cj.jdbc.Driver",
                "mariadb, -, org.mariadb.jdbc.Driver",
                "postgresql, shop, org.postgresql.Driver",
                "oracle, FREEPDB1, oracle.jdbc.OracleDriver"
            })
    void testEngineConnections(String type, @Nullable String database, String driver) {
        for (boolean writable : List.of(true, false)) {
            DatasourceSpec spec =
                    full(type).database(database).writable(writable).build();
            EngineConnection connection =
                    ConnectorTypes.get(type).engineConnection(spec).orElseThrow();
            String url = ConnectorTypes.toCatalog(spec).properties().get("connection-url");
            assertThat(connection).isEqualTo(new EngineConnection(url, driver, spec.username()));
            assertThat(connection.sparkOptions())
                    .containsExactly(Map.entry("driver", driver), Map.entry("url", url), Map.entry("user", "reader"));
            assertThat(connection.flinkOptions())
                    .containsExactly(
                            Map.entry("connector", "jdbc"),
                            Map.entry("driver", driver),
                            Map.entry("url", url),
                            Map.entry("username", "reader"));
            assertThat(connection.toString()).doesNotContain(REFERENCE);
        }
        assertThat(ConnectorTypes.get("tpch")
                        .engineConnection(
                                DatasourceSpec.builder(ID, "tpch", "sample").build()))
                .isEmpty();
    }

    @Test
    void testTpchHasNoConnectionTest() {
        ConnectorType tpch = ConnectorTypes.get("tpch");
        assertThat(tpch.connectionTest(
                        DatasourceSpec.builder(ID, "tpch", "sample").build(), Duration.ofSeconds(5)))
                .isEmpty();
        assertThatThrownBy(() -> tpch.connectionTest(
                        DatasourceSpec.builder(ID, "tpch", "sample")
                                .passwordReference(REFERENCE)
                                .build(),
                        Duration.ofSeconds(5)))
                .isInstanceOf(InvalidDatasourceException.class);
    }

    // writable: these tests are about the fields; testReadOnlySourceConnections adds the read-only settings
    private static DatasourceSpec.Builder spec(String type) {
        return DatasourceSpec.builder(ID, type, "sales")
                .host("db.example.com")
                .username("reader")
                .writable(true);
    }

    private static DatasourceSpec.Builder full(String type) {
        return spec(type)
                .port(3307)
                .database("shop")
                .passwordReference(REFERENCE)
                .ssl(true)
                .connectionTimeout(Duration.ofMillis(2500))
                .maxPoolSize(8)
                .idleTimeout(Duration.ofMinutes(5))
                .maxLifetime(Duration.ofMinutes(30))
                .timezone("+01:00")
                .extraProperty("case-insensitive-name-matching", "true")
                .secretVersion(3);
    }

    private static String url(DatasourceSpec.Builder spec) {
        return ConnectorTypes.toCatalog(spec.build()).properties().get("connection-url");
    }
}

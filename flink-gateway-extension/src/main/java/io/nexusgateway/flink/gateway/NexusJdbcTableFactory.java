package io.nexusgateway.flink.gateway;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.jdbc.core.database.JdbcFactoryLoader;
import org.apache.flink.connector.jdbc.core.table.JdbcDynamicTableFactory;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;

/**
 * Connector {@code nexus-jdbc}: Flink's JDBC connector with the password taken from the job's credential ticket. A
 * table is declared with the JDBC options but the password, plus {@link #CATALOG}, {@link #TICKET} and {@link
 * #EXCHANGE_URL}; when a statement using it is planned (in the gateway's JVM), this factory redeems the ticket (once
 * per job, see {@link JobCredentials}) and hands Flink's JDBC factory the options with {@code password} added. So the
 * password is in no statement, no catalog table, no session or job configuration: only in the planned operators
 * (serialized into the job graph, as any JDBC connector's are) and the gateway's memory.
 *
 * <p>{@link #OVERWRITE} on a target empties it when the INSERT is planned, just before its job is submitted: Flink's
 * JDBC sink has no overwrite, and only this side holds the password to do it.
 */
public final class NexusJdbcTableFactory implements DynamicTableSourceFactory, DynamicTableSinkFactory {
    public static final String IDENTIFIER = "nexus-jdbc";

    /** The Trino catalog the table belongs to: the key of its password in the ticket's answer. */
    public static final ConfigOption<String> CATALOG =
            ConfigOptions.key("nexus.catalog").stringType().noDefaultValue();

    /** The job's single-use credential ticket. */
    public static final ConfigOption<String> TICKET =
            ConfigOptions.key("nexus.ticket").stringType().noDefaultValue();

    /** Where the ticket is redeemed: the control plane's {@code /internal/v1/job-credentials}. */
    public static final ConfigOption<String> EXCHANGE_URL =
            ConfigOptions.key("nexus.exchange-url").stringType().noDefaultValue();

    /** Whether the ticket holds a password for {@link #CATALOG}; a login without one connects with none. */
    public static final ConfigOption<Boolean> HAS_PASSWORD =
            ConfigOptions.key("nexus.has-password").booleanType().defaultValue(true);

    /** A target to empty before the job writes it. */
    public static final ConfigOption<Boolean> OVERWRITE =
            ConfigOptions.key("nexus.overwrite").booleanType().defaultValue(false);

    private static final Set<ConfigOption<?>> OWN_OPTIONS =
            Set.of(CATALOG, TICKET, EXCHANGE_URL, HAS_PASSWORD, OVERWRITE);

    private final JdbcDynamicTableFactory jdbc = new JdbcDynamicTableFactory();

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    // validated by Flink's JDBC factory, on the options it receives
    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of();
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of();
    }

    @Override
    public DynamicTableSource createDynamicTableSource(DynamicTableFactory.Context context) {
        return jdbc.createDynamicTableSource(withPassword(context));
    }

    @Override
    public DynamicTableSink createDynamicTableSink(DynamicTableFactory.Context context) {
        DynamicTableFactory.Context jdbcContext = withPassword(context);
        Map<String, String> options = context.getCatalogTable().getOptions();
        if (Boolean.parseBoolean(options.getOrDefault(OVERWRITE.key(), "false"))) {
            truncate(jdbcContext.getCatalogTable().getOptions());
        }
        return jdbc.createDynamicTableSink(jdbcContext);
    }

    // the context with the JDBC connector's options: ours removed, the password added
    private static DynamicTableFactory.Context withPassword(DynamicTableFactory.Context context) {
        Map<String, String> options = new HashMap<>(context.getCatalogTable().getOptions());
        String catalog = required(options, CATALOG);
        String ticket = required(options, TICKET);
        URI exchangeUrl = URI.create(required(options, EXCHANGE_URL));
        boolean hasPassword = Boolean.parseBoolean(options.getOrDefault(HAS_PASSWORD.key(), "true"));
        OWN_OPTIONS.forEach(option -> options.remove(option.key()));
        if (options.containsKey("password")) {
            throw new ValidationException(
                    "a " + IDENTIFIER + " table takes no password option: it comes from " + TICKET.key());
        }
        options.put(FactoryUtil.CONNECTOR.key(), "jdbc");
        if (hasPassword) {
            String password = JobCredentials.passwords(exchangeUrl, ticket).get(catalog);
            if (password == null) {
                throw new ValidationException(
                        "the job's credential ticket holds no password for catalog '" + catalog + "'");
            }
            options.put("password", password);
        } else if (options.containsKey("username")) {
            // Flink's JDBC connector takes a username only with a password: a login without one has an empty one
            options.put("password", "");
        }
        return new FactoryUtil.DefaultDynamicTableContext(
                context.getObjectIdentifier(),
                context.getCatalogTable().copy(options),
                context.getEnrichmentOptions(),
                context.getConfiguration(),
                context.getClassLoader(),
                context.isTemporary());
    }

    private static void truncate(Map<String, String> options) {
        String url = options.get("url");
        String table = options.get("table-name");
        Properties properties = new Properties();
        if (options.containsKey("username")) {
            properties.setProperty("user", options.get("username"));
        }
        if (options.containsKey("password")) {
            properties.setProperty("password", options.get("password"));
        }
        String quoted = JdbcFactoryLoader.loadDialect(
                        url, Thread.currentThread().getContextClassLoader(), null)
                .quoteIdentifier(table);
        try (Connection connection = DriverManager.getConnection(url, properties);
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM " + quoted);
        } catch (SQLException e) {
            throw new ValidationException("cannot empty " + table + " before overwriting it: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> options, ConfigOption<String> option) {
        String value = options.get(option.key());
        if (value == null || value.isBlank()) {
            throw new ValidationException("a " + IDENTIFIER + " table needs the option '" + option.key() + "'");
        }
        return value;
    }
}

package io.nexusgateway.connectors;

import java.util.List;

/** The datasource fields every {@link ConnectorType} describes, by the names forms and the REST API use. */
public final class DatasourceFields {
    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String DATABASE = "database";
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String SSL = "ssl";
    public static final String CONNECTION_TIMEOUT = "connectionTimeout";
    public static final String MAX_POOL_SIZE = "maxPoolSize";
    public static final String IDLE_TIMEOUT = "idleTimeout";
    public static final String MAX_LIFETIME = "maxLifetime";
    public static final String TIMEZONE = "timezone";
    public static final String PROPERTIES = "properties";

    /** Every field, in form order. */
    public static final List<String> ALL = List.of(
            HOST,
            PORT,
            DATABASE,
            USERNAME,
            PASSWORD,
            SSL,
            CONNECTION_TIMEOUT,
            MAX_POOL_SIZE,
            IDLE_TIMEOUT,
            MAX_LIFETIME,
            TIMEZONE,
            PROPERTIES);

    private DatasourceFields() {}
}

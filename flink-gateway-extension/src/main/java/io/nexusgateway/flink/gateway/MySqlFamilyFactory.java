package io.nexusgateway.flink.gateway;

import org.apache.flink.connector.jdbc.core.database.JdbcFactory;
import org.apache.flink.connector.jdbc.core.database.catalog.JdbcCatalog;
import org.apache.flink.connector.jdbc.core.database.dialect.JdbcDialect;

/**
 * The JDBC connector's dialect for {@code jdbc:mariadb:} and {@code jdbc:mysql:} URLs: the connector for Flink 2.0
 * (4.0.0-2.0) is published with Derby and PostgreSQL only. Tables only, no JDBC catalog.
 */
public final class MySqlFamilyFactory implements JdbcFactory {
    @Override
    public boolean acceptsURL(String url) {
        return url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:");
    }

    @Override
    public JdbcDialect createDialect() {
        return new MySqlFamilyDialect();
    }

    @Override
    public JdbcCatalog createCatalog(
            ClassLoader classLoader,
            String catalogName,
            String defaultDatabase,
            String username,
            String password,
            String baseUrl) {
        throw new UnsupportedOperationException("no JDBC catalog for MariaDB or MySQL: declare tables instead");
    }
}

package io.nexusgateway.etl;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Spark's JDBC data-source options for one table of a datasource. */
public final class SparkJdbcOptions {
    private SparkJdbcOptions() {}

    /**
     * @param type the datasource type; MariaDB and MySQL quote identifiers in backquotes, the others in double quotes
     * @param connection the datasource's Spark options (url, driver, user...)
     * @param password the catalog's password, or null for none
     */
    public static Map<String, String> of(
            String type, Map<String, String> connection, String schema, String table, @Nullable String password) {
        Map<String, String> options = new TreeMap<>(connection);
        String lowerType = type.toLowerCase(Locale.ROOT);
        boolean mysqlFamily = lowerType.equals("mariadb") || lowerType.equals("mysql");
        String url = options.get("url");
        if (url != null && url.startsWith("jdbc:mariadb:")) {
            // Spark picks its MySQL dialect (backquoted identifiers, MySQL types) by the jdbc:mysql: prefix only;
            // MariaDB's driver takes that prefix with permitMysqlScheme
            url = "jdbc:mysql:" + url.substring("jdbc:mariadb:".length());
            url = url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
            options.put("url", url);
        }
        options.put(
                "dbtable",
                mysqlFamily
                        ? quote(schema, '`') + "." + quote(table, '`')
                        : quote(schema, '"') + "." + quote(table, '"'));
        if (password != null) {
            options.put("password", password);
        }
        return options;
    }

    private static String quote(String identifier, char quote) {
        String q = String.valueOf(quote);
        return q + identifier.replace(q, q + q) + q;
    }
}

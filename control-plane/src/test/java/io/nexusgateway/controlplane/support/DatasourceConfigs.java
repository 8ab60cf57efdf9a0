package io.nexusgateway.controlplane.support;

import io.nexusgateway.testing.db.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Datasource {@code config} bodies for test databases. */
public final class DatasourceConfigs {
    private DatasourceConfigs() {}

    /** Host, port, database and login of {@code database}; {@code password} when not null. Mutable. */
    public static Map<String, Object> of(TestDatabase database, @Nullable String password) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("host", database.server().host());
        config.put("port", database.server().port());
        config.put("database", database.databaseName());
        config.put("username", database.user());
        if (password != null) {
            config.put("password", password);
        }
        return config;
    }
}

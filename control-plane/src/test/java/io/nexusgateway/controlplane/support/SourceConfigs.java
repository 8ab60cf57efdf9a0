package io.nexusgateway.controlplane.support;

import io.nexusgateway.testing.db.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;

/** A datasource's {@code config} for a test database: where it is and the login the test made for it. */
public final class SourceConfigs {
    private SourceConfigs() {}

    public static Map<String, Object> of(TestDatabase database) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("host", database.server().host());
        config.put("port", database.server().port());
        config.put("database", database.databaseName());
        config.put("username", database.user());
        config.put("password", database.password());
        return config;
    }
}

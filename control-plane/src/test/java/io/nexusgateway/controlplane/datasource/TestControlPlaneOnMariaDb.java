package io.nexusgateway.controlplane.datasource;

import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole control plane with its metadata store on MariaDb: Liquibase schema, API, optimistic locking. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
final class TestControlPlaneOnMariaDb {
    private static TestDatabase database;

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void metadataStore(DynamicPropertyRegistry registry) {
        database = TestDatabases.mariadb().createDatabase("nexus_store");
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::user);
        registry.add("spring.datasource.password", database::password);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("nexus.sync.enabled", () -> "false");
        registry.add("nexus.security.admin-api-key", () -> MetadataStoreApiScenario.ADMIN_KEY);
        registry.add("nexus.security.internal-token", () -> "internal-" + UUID.randomUUID());
        registry.add(
                "nexus.secrets.key-file", () -> Path.of("target", "store-mariadb-" + UUID.randomUUID(), "secret.key")
                        .toAbsolutePath()
                        .toString());
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void testRegistryApiOnMariaDb() {
        MetadataStoreApiScenario.run(port);
    }
}

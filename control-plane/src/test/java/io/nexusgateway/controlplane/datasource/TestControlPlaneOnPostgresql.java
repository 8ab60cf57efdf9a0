package io.nexusgateway.controlplane.datasource;

import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole control plane with its metadata store on Postgresql: Liquibase schema, API, optimistic locking. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
final class TestControlPlaneOnPostgresql {
    private static TestDatabase database;

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void metadataStore(DynamicPropertyRegistry registry) {
        database = MetadataStoreApiScenario.register(registry, TestDatabases.postgresql());
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void testRegistryApiOnPostgresql() {
        MetadataStoreApiScenario.run(port);
    }
}

package io.nexusgateway.controlplane.datasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.catalogsync.SyncStatus;
import io.nexusgateway.testing.db.TestDatabase;
import io.nexusgateway.testing.db.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The same Liquibase schema and SQL on every supported metadata store: H2 (embedded default), MariaDB, PostgreSQL. */
final class TestDatasourceRepositoryOnMetadataStores {
    @Test
    void testH2() throws Exception {
        Path file =
                Path.of("target", "repo-h2-" + UUID.randomUUID(), "metadata").toAbsolutePath();
        exercise(new DriverManagerDataSource("jdbc:h2:file:" + file, "sa", ""));
    }

    @Test
    void testMariaDb() throws Exception {
        try (TestDatabase database = TestDatabases.mariadb().createDatabase("nexus_meta")) {
            exercise(new DriverManagerDataSource(database.jdbcUrl(), database.user(), database.password()));
        }
    }

    @Test
    void testPostgresql() throws Exception {
        try (TestDatabase database = TestDatabases.postgresql().createDatabase("nexus_meta")) {
            exercise(new DriverManagerDataSource(database.jdbcUrl(), database.user(), database.password()));
        }
    }

    private static void exercise(DataSource dataSource) throws Exception {
        SpringLiquibase liquibase = new SpringLiquibase();
        liquibase.setDataSource(dataSource);
        liquibase.setChangeLog("classpath:db/changelog/db.changelog-master.xml");
        liquibase.setResourceLoader(new org.springframework.core.io.DefaultResourceLoader());
        liquibase.afterPropertiesSet();
        // idempotent: a second run (a restart) changes nothing
        liquibase.afterPropertiesSet();

        DatasourceRepository repository = new DatasourceRepository(JdbcClient.create(dataSource));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        String longConfig = "{\"host\":\"h\",\"properties\":{\"x\":\"" + "y".repeat(20_000) + "\"}}";
        DatasourceRow row = new DatasourceRow(
                id,
                "sales",
                "mariadb",
                "desc",
                "sales",
                longConfig,
                "v1:cipher",
                1,
                DatasourceStatus.ACTIVE,
                false,
                false,
                SyncStatus.PENDING,
                null,
                null,
                now,
                now,
                1);
        repository.insert(row);

        DatasourceRow stored = repository.findById(id).orElseThrow();
        assertThat(stored).isEqualTo(row);
        assertThat(repository.findByName("sales")).contains(row);
        assertThat(repository.findByCatalogName("sales")).contains(row);

        // unique name and catalog
        DatasourceRow duplicate = new DatasourceRow(
                UUID.randomUUID(),
                "sales",
                "tpch",
                null,
                "other",
                "{}",
                null,
                0,
                DatasourceStatus.ACTIVE,
                false,
                false,
                SyncStatus.PENDING,
                null,
                null,
                now,
                now,
                1);
        assertThatThrownBy(() -> repository.insert(duplicate)).isInstanceOf(DuplicateKeyException.class);

        // optimistic locking
        DatasourceRow changed = new DatasourceRow(
                id,
                "sales2",
                "mariadb",
                null,
                "sales",
                "{}",
                "v1:cipher2",
                2,
                DatasourceStatus.INACTIVE,
                false,
                false,
                SyncStatus.PENDING,
                null,
                null,
                now,
                now.plusSeconds(1),
                2);
        assertThat(repository.update(changed, 1)).isTrue();
        assertThat(repository.update(changed, 1)).isFalse();
        assertThat(repository.findById(id).orElseThrow().name()).isEqualTo("sales2");

        Instant synced = now.plusSeconds(5);
        repository.updateSyncState(id, SyncStatus.FAILED, "Trino said no", synced);
        DatasourceRow failed = repository.findById(id).orElseThrow();
        assertThat(failed.syncState()).isEqualTo(SyncStatus.FAILED);
        assertThat(failed.syncError()).isEqualTo("Trino said no");
        assertThat(failed.syncedAt()).isEqualTo(synced);

        UUID second = UUID.randomUUID();
        repository.insert(new DatasourceRow(
                second,
                "alpha",
                "tpch",
                null,
                "alpha",
                "{}",
                null,
                0,
                DatasourceStatus.ACTIVE,
                false,
                false,
                SyncStatus.SYNCED,
                null,
                null,
                now,
                now,
                1));
        assertThat(repository.count("tpch", null)).isEqualTo(1);
        assertThat(repository.count(null, "inactive")).isEqualTo(1);
        // the API's "error" status: active, last sync failed
        assertThat(repository.count(null, "active")).isEqualTo(1);
        assertThat(repository.count(null, "error")).isZero();
        repository.updateSyncState(second, SyncStatus.FAILED, "boom", null);
        assertThat(repository.count(null, "error")).isEqualTo(1);
        assertThat(repository.count(null, "active")).isZero();
        assertThat(repository.findPage(null, "error", 0, 10))
                .extracting(DatasourceRow::name)
                .containsExactly("alpha");
        repository.updateSyncState(second, SyncStatus.SYNCED, null, now);
        List<DatasourceRow> page = repository.findPage(null, null, 0, 1);
        assertThat(page).extracting(DatasourceRow::name).containsExactly("alpha");
        assertThat(repository.findPage(null, null, 1, 10))
                .extracting(DatasourceRow::name)
                .containsExactly("sales2");

        assertThat(repository.delete(id)).isTrue();
        assertThat(repository.delete(id)).isFalse();
        assertThat(repository.findAll()).extracting(DatasourceRow::id).containsExactly(second);
    }
}

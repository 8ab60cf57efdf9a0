package io.nexusgateway.controlplane.datasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nexusgateway.controlplane.config.NexusProperties;
import io.nexusgateway.controlplane.secret.SecretCipher;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

/** The documented rotation: new key current, old key previous, a restart re-encrypts, then the old key can go. */
final class TestSecretKeyRotation {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void testRotationReencryptsEveryPasswordAndLosesNone() throws Exception {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:file:"
                        + Path.of("target", "rotation-" + UUID.randomUUID(), "metadata")
                                .toAbsolutePath(),
                "sa",
                "");
        SpringLiquibase liquibase = new SpringLiquibase();
        liquibase.setDataSource(dataSource);
        liquibase.setChangeLog("classpath:db/changelog/db.changelog-master.xml");
        liquibase.setResourceLoader(new DefaultResourceLoader());
        liquibase.afterPropertiesSet();
        DatasourceRepository repository = new DatasourceRepository(JdbcClient.create(dataSource));

        byte[] oldKey = key();
        byte[] newKey = key();
        DatasourceService before = service(repository, new SecretCipher(oldKey, List.of()));
        DatasourceView first = before.create(request("first", "pass-one"));
        DatasourceView second = before.create(request("second", "pass-two"));
        String storedBefore = repository.findById(first.id()).orElseThrow().passwordCiphertext();

        // step 1-2: the new key is current, the old one previous; the restart re-encrypts
        DatasourceService rotating = service(repository, new SecretCipher(newKey, List.of(oldKey)));
        assertThat(rotating.reencryptSecrets()).isEqualTo(2);
        assertThat(rotating.reencryptSecrets()).isZero();
        assertThat(repository.findById(first.id()).orElseThrow().passwordCiphertext())
                .isNotEqualTo(storedBefore);
        assertThat(repository.findById(first.id()).orElseThrow().version()).isEqualTo(first.version());

        // step 3: the old key is gone and every password still resolves
        DatasourceService after = service(repository, new SecretCipher(newKey, List.of()));
        assertThat(after.resolveSecret("datasource." + first.id() + ".password"))
                .contains("pass-one");
        assertThat(after.resolveSecret("datasource." + second.id() + ".password"))
                .contains("pass-two");

        // a restart with only the old key cannot read them: the failure says so instead of returning garbage
        DatasourceService wrongKey = service(repository, new SecretCipher(oldKey, List.of()));
        assertThatThrownBy(() -> wrongKey.resolveSecret("datasource." + first.id() + ".password"))
                .hasMessageContaining("wrong or retired key");
    }

    private static DatasourceService service(DatasourceRepository repository, SecretCipher cipher) {
        NexusProperties properties =
                new Binder(new MapConfigurationPropertySource(Map.of())).bindOrCreate("nexus", NexusProperties.class);
        return new DatasourceService(
                repository,
                new DatasourceValidator(),
                cipher,
                new ConnectionTester(),
                event -> {},
                JsonMapper.builder().build(),
                properties,
                Clock.systemUTC());
    }

    private static DatasourceRequest request(String name, String password) {
        return new DatasourceRequest(
                name,
                "mariadb",
                null,
                "inactive",
                null,
                null,
                null,
                new DatasourceConfigDto(
                        "127.0.0.1", 3306, "test", "reader", password, null, null, null, null, null, null, null));
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }
}

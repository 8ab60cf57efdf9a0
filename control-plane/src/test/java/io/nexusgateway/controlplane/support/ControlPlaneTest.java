package io.nexusgateway.controlplane.support;

import java.net.URI;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of API tests that need no Trino: the real control plane on a random port with an H2 metadata store and a key
 * file of its own, catalog sync off. Subclasses share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ControlPlaneTest {
    public static final String ADMIN_KEY = "control-plane-admin-key-" + UUID.randomUUID();
    public static final String INTERNAL_TOKEN = "control-plane-internal-" + UUID.randomUUID();
    private static final Path DIRECTORY =
            Path.of("target", "cp-" + UUID.randomUUID()).toAbsolutePath();

    public static final String PASSWORD = "correct horse battery";

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void controlPlaneProperties(DynamicPropertyRegistry registry) {
        registry.add("server.address", () -> "127.0.0.1");
        // nothing listens here: these tests never reach Trino
        registry.add("nexus.trino.uri", () -> "http://127.0.0.1:9");
        registry.add("nexus.sync.enabled", () -> "false");
        registry.add("nexus.security.admin-api-key", () -> ADMIN_KEY);
        registry.add("nexus.security.internal-token", () -> INTERNAL_TOKEN);
        registry.add(
                "nexus.secrets.key-file", () -> DIRECTORY.resolve("secret.key").toString());
        registry.add(
                "nexus.security.jwt.keys-file",
                () -> DIRECTORY.resolve("jwt-keys.json").toString());
        registry.add(
                "spring.datasource.url",
                () -> "jdbc:h2:file:" + DIRECTORY.resolve("metadata") + ";DB_CLOSE_ON_EXIT=FALSE");
    }

    protected ApiClient admin() {
        return new ApiClient(baseUri(), ADMIN_KEY);
    }

    /** What Trino's plugins present on {@code /internal/**}. */
    protected ApiClient internal() {
        return new ApiClient(baseUri(), INTERNAL_TOKEN);
    }

    /** A new user with {@link #PASSWORD}, in {@code groups} (which must exist). */
    protected String newUser(java.util.List<String> roles, java.util.List<String> groups) {
        String username = unique("u");
        ApiClient.Response created = admin().post(
                        "/api/v1/users",
                        java.util.Map.of("username", username, "password", PASSWORD, "roles", roles, "groups", groups));
        if (created.status() != 201) {
            throw new AssertionError("cannot create user " + username + ": " + created.body());
        }
        return username;
    }

    /** An API client holding a fresh access token of {@code username}. */
    protected ApiClient loggedIn(String username) {
        ApiClient.Response token =
                anonymous().post("/api/v1/auth/token", java.util.Map.of("username", username, "password", PASSWORD));
        if (token.status() != 200) {
            throw new AssertionError("cannot log in " + username + ": " + token.body());
        }
        return new ApiClient(baseUri(), token.json().get("accessToken").asString());
    }

    protected ApiClient anonymous() {
        return new ApiClient(baseUri(), null);
    }

    protected URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    protected static Path keysFile() {
        return DIRECTORY.resolve("jwt-keys.json");
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}

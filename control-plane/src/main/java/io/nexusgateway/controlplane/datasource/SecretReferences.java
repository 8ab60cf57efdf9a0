package io.nexusgateway.controlplane.datasource;

import io.nexusgateway.connectors.CatalogSecrets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The secret keys Trino asks for: {@code datasource.<uuid>.password}, referenced as {@code ${nexus:...}} in catalogs. */
final class SecretReferences {
    private static final Pattern PASSWORD_KEY = Pattern.compile("datasource\\.([0-9a-f-]{36})\\.password");

    private SecretReferences() {}

    static String passwordKey(UUID id) {
        return CatalogSecrets.passwordKey(id.toString());
    }

    static String passwordReference(UUID id) {
        return CatalogSecrets.passwordReference(id.toString());
    }

    static Optional<UUID> datasourceId(String key) {
        Matcher matcher = PASSWORD_KEY.matcher(key);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(matcher.group(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

package io.nexusgateway.connectors;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * Secret references in Trino catalog properties. Trino (airlift's {@code SecretsResolver}) replaces every
 * {@code ${provider:key}} found anywhere in any property value with the provider's secret: {@code ${nexus:...}} asks
 * the control plane, {@code ${ENV:...}} reads Trino's environment. So the only reference a catalog may hold is the one
 * Nexus writes itself for the datasource's own password; a value a user typed must never contain one.
 */
public final class CatalogSecrets {
    /** The namespace of Nexus' secrets provider in Trino ({@code ${nexus:key}}). */
    public static final String NAMESPACE = "nexus";

    /** What opens a secret reference in a Trino property value. */
    public static final String REFERENCE_START = "${";

    private CatalogSecrets() {}

    /** The key Trino's provider asks the control plane for: {@code datasource.<id>.password}. */
    public static String passwordKey(String datasourceId) {
        return "datasource." + requireNonNull(datasourceId, "datasourceId is null") + ".password";
    }

    /** {@code ${nexus:datasource.<id>.password}}: the datasource's password as its catalog refers to it. */
    public static String passwordReference(String datasourceId) {
        return REFERENCE_START + NAMESPACE + ":" + passwordKey(datasourceId) + "}";
    }

    // airlift's SecretsResolver pattern (io.airlift.configuration.secrets.SecretsResolver, airlift 336)
    private static final Pattern RESOLVABLE_REFERENCE = Pattern.compile("\\$\\{[a-zA-Z][a-zA-Z0-9_-]*:[^}]+?}");

    /** Whether {@code value} holds {@code ${}: refused in every value a user sets but the password. */
    public static boolean containsReference(String value) {
        return value.contains(REFERENCE_START);
    }

    /**
     * Whether Trino would resolve part of {@code value} as {@code ${provider:key}}. The password needs this check too:
     * the connector's own airlift {@code Bootstrap} interpolates {@code ${ENV:...}} again in the value the secrets
     * provider returned (measured with Trino 476: a password {@code ${ENV:HOME}} reached MariaDB as Trino's home
     * directory), so such a password would send Trino's environment to the source server and cannot work anyway.
     */
    public static boolean containsResolvableReference(String value) {
        return RESOLVABLE_REFERENCE.matcher(value).find();
    }
}

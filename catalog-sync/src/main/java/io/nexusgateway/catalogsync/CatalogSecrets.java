package io.nexusgateway.catalogsync;

import static java.util.Objects.requireNonNull;

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

    /** Whether Trino could take (part of) {@code value} for a secret reference. */
    public static boolean containsReference(String value) {
        return value.contains(REFERENCE_START);
    }
}

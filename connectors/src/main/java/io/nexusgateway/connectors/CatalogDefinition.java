package io.nexusgateway.connectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A Trino catalog as Nexus wants it: {@code CREATE CATALOG <catalogName> USING <connectorName> WITH (<properties>)}.
 *
 * <p>Properties hold at most a secret reference for the password, never a password, so a definition may be logged.
 *
 * @param properties sorted by key
 * @param ownerId the datasource the catalog belongs to
 * @param fingerprint a stable hash of connector, properties and the datasource's secret version (see {@link
 *     #fingerprint(String, Map, long)}): when it changes, the catalog is created again, so a new password is picked
 *     up although the secret reference stays the same
 */
public record CatalogDefinition(
        String catalogName,
        String connectorName,
        SortedMap<String, String> properties,
        String ownerId,
        String fingerprint) {
    private static final Pattern CONNECTOR_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final String FINGERPRINT_VERSION = "v1:";

    public CatalogDefinition {
        CatalogNames.validate(requireNonNull(catalogName, "catalogName is null"));
        requireNonNull(connectorName, "connectorName is null");
        // Trino takes the connector name as a bare identifier: USING "tpch" fails with 'Invalid connector name'
        if (!CONNECTOR_NAME.matcher(connectorName).matches()) {
            throw new IllegalArgumentException("invalid connector name: " + connectorName);
        }
        properties = sortedCopy(requireNonNull(properties, "properties is null"));
        requireNonNull(ownerId, "ownerId is null");
        if (ownerId.isBlank()) {
            throw new IllegalArgumentException("ownerId is blank");
        }
        requireNonNull(fingerprint, "fingerprint is null");
        if (fingerprint.isBlank()) {
            throw new IllegalArgumentException("fingerprint is blank");
        }
        checkSecretReferences(properties, ownerId);
    }

    /**
     * The last line of defense against a datasource reading someone else's secret: whatever the mapping did, Trino gets
     * no secret reference but the one Nexus writes for this datasource's own password (the value is not echoed).
     */
    private static void checkSecretReferences(Map<String, String> properties, String ownerId) {
        String ownPassword = CatalogSecrets.passwordReference(ownerId);
        properties.forEach((key, value) -> {
            boolean ownReference = key.equals(Mapping.CONNECTION_PASSWORD) && value.equals(ownPassword);
            if (CatalogSecrets.containsReference(value) && !ownReference) {
                throw InvalidDatasourceException.secretReference(key);
            }
        });
    }

    /** A definition whose fingerprint is computed from connector, properties and {@code secretVersion}. */
    public static CatalogDefinition of(
            String catalogName,
            String connectorName,
            Map<String, String> properties,
            String ownerId,
            long secretVersion) {
        return new CatalogDefinition(
                catalogName,
                connectorName,
                sortedCopy(properties),
                ownerId,
                fingerprint(connectorName, properties, secretVersion));
    }

    /**
     * {@code v1:} and the SHA-256 of connector name, properties in key order and secret version, each length-prefixed
     * so that no two different inputs encode alike. Independent of map order; not of the catalog name.
     */
    public static String fingerprint(String connectorName, Map<String, String> properties, long secretVersion) {
        requireNonNull(connectorName, "connectorName is null");
        MessageDigest digest = sha256();
        update(digest, connectorName);
        SortedMap<String, String> sorted = sortedCopy(properties);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(sorted.size()).array());
        sorted.forEach((key, value) -> {
            update(digest, key);
            update(digest, value);
        });
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(secretVersion).array());
        return FINGERPRINT_VERSION + HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, String value) {
        byte[] bytes = value.getBytes(UTF_8);
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static SortedMap<String, String> sortedCopy(Map<String, String> properties) {
        TreeMap<String, String> copy = new TreeMap<>();
        properties.forEach((key, value) -> {
            requireNonNull(key, "property key is null");
            requireNonNull(value, () -> "property '%s' is null".formatted(key));
            if (key.isBlank()) {
                throw new IllegalArgumentException("property key is blank");
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableSortedMap(copy);
    }
}

package io.nexusgateway.connectors;

/** A catalog name Nexus refuses: not a plain lowercase Trino identifier, too long, or reserved. */
public final class InvalidCatalogNameException extends IllegalArgumentException {
    private InvalidCatalogNameException(String message) {
        super(message);
    }

    static InvalidCatalogNameException invalid(String name, String reason) {
        return new InvalidCatalogNameException("invalid catalog name '%s': %s".formatted(name, reason));
    }

    static InvalidCatalogNameException reserved(String name) {
        return new InvalidCatalogNameException(
                "catalog name '%s' is reserved: Nexus never creates or owns it".formatted(name));
    }
}

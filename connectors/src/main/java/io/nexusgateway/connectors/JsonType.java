package io.nexusgateway.connectors;

import java.util.Locale;

/** The JSON type of a datasource field, as a form or a JSON schema shows it. */
public enum JsonType {
    STRING,
    INTEGER,
    BOOLEAN,
    OBJECT;

    /** The JSON schema name: {@code string}, {@code integer}, {@code boolean}, {@code object}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.nexusgateway.controlplane.datasource;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Connection settings of a datasource, as sent and as returned. In responses {@code password} is a mask
 * ({@link #PASSWORD_MASK}) when one is stored, {@code null} otherwise: the password itself is never returned.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DatasourceConfigDto(
        @Schema(example = "127.0.0.1") @Nullable String host,
        @Schema(example = "3306") @Nullable Integer port,

        @Schema(
                description = "MySQL/MariaDB: default schema; PostgreSQL: database; Oracle: service name",
                example = "shop")
        @Nullable
        String database,

        @Schema(example = "reader") @Nullable String username,

        @Schema(
                description = "write-only; on update, absent or null keeps the stored password unless the connection"
                        + " target changes (then it is required)",
                example = "s3cret")
        @Nullable
        String password,

        @Schema(description = "require TLS to the source") @Nullable
        Boolean ssl,

        @Schema(description = "milliseconds", example = "30000") @Nullable
        Long connectionTimeout,

        @Schema(example = "10") @Nullable Integer maxPoolSize,

        @Schema(description = "milliseconds", example = "600000") @Nullable
        Long idleTimeout,

        @Schema(description = "milliseconds", example = "1800000") @Nullable
        Long maxLifetime,

        @Schema(example = "UTC") @Nullable String timezone,

        @Schema(description = "extra Trino connector properties") @Nullable
        Map<String, String> properties) {
    public static final String PASSWORD_MASK = "********";

    public DatasourceConfigDto {
        properties = properties == null ? null : new TreeMap<>(properties);
    }

    SortedMap<String, String> propertiesOrEmpty() {
        return properties == null ? new TreeMap<>() : new TreeMap<>(properties);
    }
}

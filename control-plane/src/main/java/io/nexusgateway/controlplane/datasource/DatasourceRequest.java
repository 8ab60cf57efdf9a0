package io.nexusgateway.controlplane.datasource;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** Body of {@code POST} and {@code PUT /api/v1/datasources}. */
public record DatasourceRequest(
        @Schema(example = "maria_sales", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable
        String name,

        @Schema(example = "mariadb", requiredMode = Schema.RequiredMode.REQUIRED) @Nullable
        String type,

        @Nullable String description,

        @Schema(description = "active (materialized as a catalog) or inactive", example = "active") @Nullable
        String status,

        @Schema(
                description = "Accept writes through Trino (an ETL target); default false: the catalog is read-only."
                        + " PUT without it keeps the current value. Admin only")
        @Nullable
        Boolean writable,

        @Schema(
                description = "Read-only datasources only: let users run native SQL through the catalog's"
                        + " system.query pass-through (checked in Trino: one plain SELECT, no function with side"
                        + " effects). Default false. PUT without it keeps the current value. Admin only")
        @Nullable
        Boolean passThrough,

        @Schema(description = "PUT only: the version being replaced (or send If-Match)") @Nullable
        Long version,

        @Nullable DatasourceConfigDto config) {}

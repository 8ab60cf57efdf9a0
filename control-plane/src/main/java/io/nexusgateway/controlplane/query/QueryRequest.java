package io.nexusgateway.controlplane.query;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A query as the client sends it; fields are checked by {@link QueryService}, so a bad value gets a problem that names it.
 *
 * @param dataSourceId run in that datasource's catalog and default schema; absent: catalog-qualified names (federation)
 * @param parameters values bound to {@code ?} placeholders: JSON scalars, or {@code {"type": "date", "value": "..."}}
 * @param nativeQuery run {@code sql} in the source's own dialect through the catalog's {@code system.query}
 */
record QueryRequest(
        @Nullable UUID dataSourceId,
        @Nullable String sql,
        @Nullable List<JsonNode> parameters,
        @Nullable Integer limit,
        @Nullable Integer offset,
        @Nullable Long timeoutMs,
        @Nullable Boolean nativeQuery) {
    QueryRequest {
        // a JSON null element is a SQL NULL parameter: keep it (List.copyOf would refuse it)
        parameters =
                parameters == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(parameters));
    }

    boolean isNative() {
        return Boolean.TRUE.equals(nativeQuery);
    }
}

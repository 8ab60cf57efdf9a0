package io.nexusgateway.controlplane.datasource;

import io.nexusgateway.connectors.ConnectorTypes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Datasources")
@SecurityRequirement(name = "bearer")
class DatasourceTypesController {
    @GetMapping(path = "/api/v1/datasource-types", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Datasource types",
            description =
                    "For each type: its Trino connector and the config fields with types, defaults and whether they are required — what a UI needs to draw a form.")
    List<DatasourceTypeView> types() {
        return ConnectorTypes.all().stream().map(DatasourceTypeView::of).toList();
    }
}

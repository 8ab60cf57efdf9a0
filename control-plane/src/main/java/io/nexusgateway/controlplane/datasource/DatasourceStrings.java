package io.nexusgateway.controlplane.datasource;

import io.nexusgateway.controlplane.datasource.DatasourceExceptions.FieldError;
import io.nexusgateway.controlplane.web.StoredText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The generic rule for every string of a datasource request, whatever its type: what is stored must read back, and
 * what reaches Trino's catalog files must stay one line. Only the description may hold line breaks.
 */
final class DatasourceStrings {
    private DatasourceStrings() {}

    static List<FieldError> errors(DatasourceRequest request) {
        List<FieldError> errors = new ArrayList<>();
        line(errors, "name", request.name());
        line(errors, "type", request.type());
        line(errors, "status", request.status());
        if (request.description() != null) {
            add(errors, "description", StoredText.textProblem(request.description()));
        }
        DatasourceConfigDto config = request.config();
        if (config != null) {
            line(errors, "config.host", config.host());
            line(errors, "config.database", config.database());
            line(errors, "config.username", config.username());
            line(errors, "config.password", config.password());
            line(errors, "config.timezone", config.timezone());
            for (Map.Entry<String, String> property : config.propertiesOrEmpty().entrySet()) {
                String field = "config.properties." + property.getKey();
                Optional<String> keyProblem = StoredText.lineProblem(property.getKey());
                if (keyProblem.isPresent()) {
                    errors.add(new FieldError("config.properties", "INVALID", "a property name " + keyProblem.get()));
                    continue;
                }
                line(errors, field, property.getValue());
            }
        }
        return errors;
    }

    private static void line(List<FieldError> errors, String field, @Nullable String value) {
        if (value != null) {
            add(errors, field, StoredText.lineProblem(value));
        }
    }

    private static void add(List<FieldError> errors, String field, Optional<String> problem) {
        problem.ifPresent(message -> errors.add(new FieldError(field, "INVALID", message)));
    }
}

package io.nexusgateway.controlplane.datasource;

import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import io.nexusgateway.controlplane.web.Problems;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Named factories for the registry's errors. */
final class DatasourceExceptions {
    private DatasourceExceptions() {}

    static NexusException notFound(UUID id) {
        return new NexusException(ProblemType.DATASOURCE_NOT_FOUND, "No datasource with id " + id);
    }

    static NexusException nameConflict(String name) {
        return new NexusException(
                ProblemType.DATASOURCE_NAME_CONFLICT, "A datasource named '" + name + "' already exists");
    }

    static NexusException catalogConflict(String catalog) {
        return new NexusException(
                ProblemType.DATASOURCE_NAME_CONFLICT,
                "The catalog name '" + catalog + "' derived from this name is already used by another datasource");
    }

    static NexusException unknownType(String type, List<String> known) {
        return new NexusException(
                ProblemType.UNKNOWN_DATASOURCE_TYPE,
                "Unknown datasource type '" + type + "'; known types: " + String.join(", ", known),
                Map.of("knownTypes", known));
    }

    static NexusException invalidCatalogName(String name, String reason) {
        return new NexusException(
                ProblemType.INVALID_CATALOG_NAME,
                "The name '" + name + "' makes no valid Trino catalog name: " + reason);
    }

    static NexusException invalid(List<FieldError> errors) {
        String detail = errors.stream()
                .map(error -> error.field() + ": " + error.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return new NexusException(ProblemType.VALIDATION_FAILED, detail, Map.of("errors", errors));
    }

    static NexusException secretReference(List<FieldError> errors) {
        String fields = errors.stream()
                .map(FieldError::field)
                .reduce((a, b) -> a + ", " + b)
                .orElse("config");
        return new NexusException(
                ProblemType.SECRET_REFERENCE_NOT_ALLOWED,
                fields + ": '${' is not allowed in a datasource's settings: Trino would resolve it as a secret"
                        + " reference (another datasource's password, its environment); a password may hold '${' but"
                        + " not '${name:key}'",
                Map.of("errors", errors));
    }

    static NexusException passwordRequired(List<String> changedFields) {
        return new NexusException(
                ProblemType.PASSWORD_REQUIRED,
                "config.password: changing " + String.join(", ", changedFields) + " points the connection somewhere"
                        + " else: send the password again (the stored one is never sent to a new target)",
                Map.of(
                        "errors",
                        List.of(new FieldError(
                                "config.password",
                                "PASSWORD_REQUIRED",
                                "is required when the connection target changes")),
                        "changedFields",
                        changedFields));
    }

    static NexusException staleVersion(UUID id, long expected, long actual) {
        return new NexusException(
                ProblemType.VERSION_CONFLICT,
                "Datasource " + id + " is at version " + actual + ", not " + expected
                        + ": reload it and apply your change again",
                Map.of("currentVersion", actual));
    }

    static NexusException versionRequired() {
        return new NexusException(
                ProblemType.VERSION_REQUIRED,
                "Send the version you are replacing: an If-Match header or \"version\" in the body");
    }

    record FieldError(String field, String code, String message) {
        FieldError {
            // a field name can carry a user's key (config.properties.<key>): never echo a whole input
            field = Problems.truncate(field, Problems.MAX_QUOTED);
        }
    }
}

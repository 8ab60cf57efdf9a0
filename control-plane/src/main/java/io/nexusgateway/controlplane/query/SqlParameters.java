package io.nexusgateway.controlplane.query;

import io.nexusgateway.controlplane.web.NexusException;
import io.nexusgateway.controlplane.web.ProblemType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Binds parameters the way Trino's own drivers do: the statement is sent as {@code EXECUTE IMMEDIATE '<sql>' USING v1, v2},
 * so Trino parses the SQL on its own and every value stays a typed literal — a value is never spliced into the SQL.
 * String values are quoted by doubling {@code '}, which is the only escape Trino's string literal grammar has.
 */
final class SqlParameters {
    private static final Map<String, String> TYPED_LITERALS = Map.of(
            "date", "DATE",
            "time", "TIME",
            "timestamp", "TIMESTAMP",
            "timestamp_tz", "TIMESTAMP",
            "decimal", "DECIMAL",
            "uuid", "UUID",
            "json", "JSON");

    // Trino's literal form: a space between date and time, seconds always written
    private static final DateTimeFormatter LOCAL_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter(Locale.ROOT);

    private SqlParameters() {}

    /** The statement to send: {@code sql} itself when there are no parameters. */
    static String bind(String sql, List<@Nullable JsonNode> parameters) {
        if (parameters.isEmpty()) {
            return sql;
        }
        List<String> literals = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            literals.add(literal(parameters.get(i), i));
        }
        return "EXECUTE IMMEDIATE " + quote(sql) + " USING " + String.join(", ", literals);
    }

    static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String literal(@Nullable JsonNode node, int index) {
        if (node == null || node.isNull()) {
            return "NULL";
        }
        if (node.isString()) {
            return quote(node.asString());
        }
        if (node.isBoolean()) {
            return node.asBoolean() ? "TRUE" : "FALSE";
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (node.isNumber()) {
            // 1.5 stays an exact decimal literal; 1e300 (no exact decimal form worth keeping) becomes a double
            String text = node.numberValue().toString();
            return text.contains("e") || text.contains("E")
                    ? "DOUBLE " + quote(text)
                    : node.decimalValue().toPlainString();
        }
        if (node.isObject()) {
            return typed(node, index);
        }
        throw invalid(index, "must be a string, number, boolean, null or {\"type\": ..., \"value\": ...}");
    }

    private static String typed(JsonNode node, int index) {
        JsonNode typeNode = node.get("type");
        JsonNode valueNode = node.get("value");
        if (typeNode == null || !typeNode.isString() || valueNode == null) {
            throw invalid(index, "a typed parameter needs a \"type\" and a \"value\"");
        }
        String type = typeNode.asString().toLowerCase(Locale.ROOT);
        if (valueNode.isNull()) {
            return "CAST(NULL AS " + sqlType(type, index) + ")";
        }
        String value = valueNode.isString() ? valueNode.asString() : valueNode.toString();
        try {
            return switch (type) {
                case "string" -> quote(value);
                case "boolean" -> Boolean.parseBoolean(checkBoolean(value)) ? "TRUE" : "FALSE";
                case "integer" -> "INTEGER " + quote(Integer.toString(Integer.parseInt(value)));
                case "bigint" -> "BIGINT " + quote(Long.toString(Long.parseLong(value)));
                case "double" -> "DOUBLE " + quote(Double.toString(Double.parseDouble(value)));
                case "decimal" -> "DECIMAL " + quote(new BigDecimal(value).toPlainString());
                case "date" -> "DATE " + quote(LocalDate.parse(value).toString());
                case "time" -> "TIME " + quote(LocalTime.parse(value).format(DateTimeFormatter.ISO_LOCAL_TIME));
                case "timestamp" ->
                    "TIMESTAMP "
                            + quote(LocalDateTime.parse(value.replace(' ', 'T')).format(LOCAL_DATE_TIME));
                case "timestamp_tz" -> "TIMESTAMP " + quote(timestampWithZone(value));
                case "uuid" -> "UUID " + quote(UUID.fromString(value).toString());
                case "json" -> "JSON " + quote(value);
                case "binary" ->
                    "X'" + HexFormat.of().formatHex(Base64.getDecoder().decode(value)) + "'";
                default -> throw invalid(index, "has unknown type '" + type + "'; use one of " + supportedTypes());
            };
        } catch (DateTimeParseException | IllegalArgumentException e) {
            if (e instanceof NexusException nexus) {
                throw nexus;
            }
            throw invalid(index, "is not a valid " + type + ": " + value);
        }
    }

    private static String checkBoolean(String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("not a boolean");
        }
        return value;
    }

    private static String timestampWithZone(String value) {
        OffsetDateTime parsed = OffsetDateTime.parse(value.replace(' ', 'T'));
        return parsed.toLocalDateTime().format(LOCAL_DATE_TIME) + " "
                + parsed.getOffset().getId().replace("Z", "UTC");
    }

    private static String sqlType(String type, int index) {
        return switch (type) {
            case "string" -> "VARCHAR";
            case "boolean" -> "BOOLEAN";
            case "integer" -> "INTEGER";
            case "bigint" -> "BIGINT";
            case "double" -> "DOUBLE";
            case "decimal" -> "DECIMAL(38, 10)";
            case "timestamp" -> "TIMESTAMP(6)";
            case "timestamp_tz" -> "TIMESTAMP(6) WITH TIME ZONE";
            case "binary" -> "VARBINARY";
            default -> {
                String literal = TYPED_LITERALS.get(type);
                if (literal == null) {
                    throw invalid(index, "has unknown type '" + type + "'; use one of " + supportedTypes());
                }
                yield literal;
            }
        };
    }

    private static String supportedTypes() {
        return "string, boolean, integer, bigint, double, decimal, date, time, timestamp, timestamp_tz, uuid, json, binary";
    }

    private static NexusException invalid(int index, String problem) {
        return new NexusException(
                ProblemType.INVALID_QUERY_PARAMETER,
                "Parameter " + (index + 1) + " " + problem,
                Map.of("parameter", index + 1));
    }
}

package dev.eventgateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventJson;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Small, null-safe readers for provider JSON, shared by the adapters. */
public final class Payloads {

    private Payloads() {
    }

    /** The text of a field, or null when missing, null or blank. */
    public static String text(JsonNode node, String field) {
        return EventJson.text(node, field);
    }

    /** Like {@link #text} but the field must be there: else the payload is not this provider's shape. */
    public static String requiredText(JsonNode node, String field, String where) {
        String value = text(node, field);
        if (value == null) {
            throw new InvalidPayloadException("missing " + where + "." + field);
        }
        return value;
    }

    /** The object at a field; required objects missing mean an unknown shape. */
    public static JsonNode requiredObject(JsonNode node, String field, String where) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !value.isObject()) {
            throw new InvalidPayloadException("missing object " + where + "." + field);
        }
        return value;
    }

    /**
     * A provider timestamp: epoch seconds (Meta's {@code "1705744200"}), epoch milliseconds, or ISO-8601.
     * Null when missing or unreadable: the event then falls back to its receive time.
     */
    public static Instant instant(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asText().trim();
        if (text.isEmpty()) {
            return null;
        }
        if (text.chars().allMatch(Character::isDigit) && text.length() <= 15) {
            long number = Long.parseLong(text);
            return number > 100_000_000_000L ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The object at a field, or null when missing or of another shape: an optional part that is skipped. */
    public static JsonNode optionalObject(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isObject() ? value : null;
    }

    /** The array at a field, or null when missing or of another shape. */
    public static JsonNode optionalArray(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isArray() ? value : null;
    }

    /** An instant as ISO-8601 text ({@code 2026-06-05T10:30:00Z}), or null. */
    public static String isoText(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    public static ObjectNode object() {
        return EventJson.MAPPER.createObjectNode();
    }

    /** Puts a value only when it is not null, so absent optional fields stay absent. */
    public static ObjectNode putIfPresent(ObjectNode target, String field, String value) {
        if (value != null) {
            target.put(field, value);
        }
        return target;
    }

    /**
     * Copies a scalar (number, boolean or text) of the source as it is, keeping its JSON type; a missing value, a null
     * or a container of an unexpected shape is skipped.
     */
    public static ObjectNode putScalar(ObjectNode target, String field, JsonNode source, String sourceField) {
        JsonNode value = source == null ? null : source.get(sourceField);
        if (value != null && value.isValueNode() && !value.isNull()) {
            target.set(field, value);
        }
        return target;
    }

    public static ObjectNode putIfPresent(ObjectNode target, String field, JsonNode value) {
        if (value != null && !value.isNull() && !value.isMissingNode()) {
            target.set(field, value);
        }
        return target;
    }
}

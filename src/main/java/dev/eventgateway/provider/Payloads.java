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
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
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

    public static ObjectNode putIfPresent(ObjectNode target, String field, JsonNode value) {
        if (value != null && !value.isNull() && !value.isMissingNode()) {
            target.set(field, value);
        }
        return target;
    }
}

package dev.eventgateway.provider;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventJson;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Small, null-safe readers for provider JSON, shared by the adapters. */
public final class Payloads {

    private Payloads() {
    }

    /**
     * Parses a provider body. JSON nested deeper than {@link EventJson#MAX_PAYLOAD_DEPTH} levels is not a shape any
     * provider sends: {@link InvalidPayloadException}, like any other wrong shape (so it is refused with 400, never
     * accepted and then found unwritable). Not JSON at all: the parser's {@link JacksonException}.
     *
     * @return the tree, or null for an empty body
     */
    public static JsonNode parse(byte[] body) throws IOException {
        try {
            return EventJson.PAYLOAD_MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new InvalidPayloadException("JSON beyond the gateway's limits (at most "
                    + EventJson.MAX_PAYLOAD_DEPTH + " levels deep)");
        }
    }

    /** The text of a field, or null when missing, null or blank. */
    public static String text(JsonNode node, String field) {
        return EventJson.text(node, field);
    }

    /** The text of the first of the fields that has one, or null. */
    public static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = text(node, field);
            if (value != null) {
                return value;
            }
        }
        return null;
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
        if (text.length() <= 15 && asciiDigits(text, 0, text.length())) {
            long number = Long.parseLong(text);
            return number > 100_000_000_000L ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
        }
        Instant utc = utcSeconds(text);
        if (utc != null) {
            return utc;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The common provider form {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z}, read without {@link Instant#parse}'s
     * general formatter (it runs for every event on the event loop); null for anything else, which then goes to
     * {@link Instant#parse}, so both read the same text to the same instant.
     */
    static Instant utcSeconds(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':' || !asciiDigits(text, 0, 4) || !asciiDigits(text, 5, 7)
                || !asciiDigits(text, 8, 10) || !asciiDigits(text, 11, 13) || !asciiDigits(text, 14, 16)
                || !asciiDigits(text, 17, 19)) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int digits = length - 21;
            if (text.charAt(19) != '.' || digits < 1 || digits > 9 || !asciiDigits(text, 20, length - 1)) {
                return null;
            }
            nanos = Integer.parseInt(text, 20, length - 1, 10);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        int hour = Integer.parseInt(text, 11, 13, 10);
        int minute = Integer.parseInt(text, 14, 16, 10);
        int second = Integer.parseInt(text, 17, 19, 10);
        if (hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        try {
            long day = LocalDate.of(Integer.parseInt(text, 0, 4, 10), Integer.parseInt(text, 5, 7, 10),
                    Integer.parseInt(text, 8, 10, 10)).toEpochDay();
            return Instant.ofEpochSecond(day * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean asciiDigits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return from < to;
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

    /**
     * The canonical {@code pricing} of a status or a message, as the event schemas describe it: {@code billable},
     * {@code model}, {@code type} (PMP: regular, free_customer_service, …) and {@code category}; null when the
     * provider sent none of them. Providers differ only in the name of the model field.
     */
    public static ObjectNode pricing(JsonNode pricing, String modelField) {
        if (pricing == null) {
            return null;
        }
        ObjectNode out = object();
        JsonNode billable = pricing.get("billable");
        if (billable != null && billable.isBoolean()) {
            out.set("billable", billable);
        }
        putIfPresent(out, "model", text(pricing, modelField));
        putIfPresent(out, "type", text(pricing, "type"));
        putIfPresent(out, "category", text(pricing, "category"));
        return out.isEmpty() ? null : out;
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

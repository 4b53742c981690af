package dev.eventgateway.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Conversions of event values to the parameter types vertx-pg-client binds ({@code timestamptz}, {@code jsonb}). */
public final class SqlValues {

    private SqlValues() {
    }

    /** A {@code timestamptz} parameter, or null. */
    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A {@code jsonb} parameter for an object or array node, or null (also for a JSON null). */
    public static Object jsonb(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            return new JsonObject(node.toString());
        }
        if (node.isArray()) {
            return new JsonArray(node.toString());
        }
        return node.isTextual() ? node.asText() : node.toString();
    }
}

package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.provider.Payloads;

import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.text;

/**
 * Meta's error objects ({@code {"code":131051,"title","message","error_data":{"details"}}}) in the canonical
 * {@code {code, title, message, details}} form. The code is kept as text, as Whats91 sends it, so that consumers read
 * one type whatever the provider.
 */
final class MetaErrors {

    private MetaErrors() {
    }

    /** One error, or null when the node is not an object. */
    static ObjectNode one(JsonNode error) {
        if (error == null || !error.isObject()) {
            return null;
        }
        ObjectNode out = Payloads.object();
        putIfPresent(out, "code", text(error, "code"));
        putIfPresent(out, "title", text(error, "title"));
        putIfPresent(out, "message", text(error, "message"));
        String details = text(Payloads.optionalObject(error, "error_data"), "details");
        // older payloads put the explanation in a top-level "details" instead of error_data.details
        putIfPresent(out, "details", details != null ? details : text(error, "details"));
        return out;
    }

    /** The first error of an {@code errors} array, or null. */
    static ObjectNode first(JsonNode holder) {
        JsonNode errors = Payloads.optionalArray(holder, "errors");
        return errors == null || errors.isEmpty() ? null : one(errors.get(0));
    }

    /** Every error of an {@code errors} array (elements of other shapes are skipped), or null when there is none. */
    static ArrayNode all(JsonNode holder) {
        JsonNode errors = Payloads.optionalArray(holder, "errors");
        if (errors == null) {
            return null;
        }
        ArrayNode out = EventJson.MAPPER.createArrayNode();
        for (JsonNode error : errors) {
            ObjectNode normalized = one(error);
            if (normalized != null) {
                out.add(normalized);
            }
        }
        return out.isEmpty() ? null : out;
    }
}

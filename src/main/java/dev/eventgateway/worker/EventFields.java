package dev.eventgateway.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventgateway.event.EventJson;
import dev.eventgateway.event.WebhookEvent;

/** Null-safe reads of an event's normalized data for the processors; a missing key field is poison. */
public final class EventFields {

    private EventFields() {
    }

    /** A text field of {@code data}, or null when missing, null, blank or not a scalar. */
    public static String text(JsonNode node, String field) {
        return EventJson.text(node, field);
    }

    /** An object field, or null. */
    public static JsonNode object(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isObject() ? value : null;
    }

    /** @throws PoisonRecordException when the event's data lacks the field */
    public static String required(WebhookEvent event, String field) {
        String value = text(event.data(), field);
        if (value == null) {
            throw new PoisonRecordException(event.type() + " event " + event.id() + " has no data." + field);
        }
        return value;
    }

    /** @throws PoisonRecordException when the event has no senderId (neither the provider nor the webhook gave one) */
    public static String senderId(WebhookEvent event) {
        if (event.senderId() == null || event.senderId().isBlank()) {
            throw new PoisonRecordException(event.type() + " event " + event.id() + " has no senderId");
        }
        return event.senderId();
    }
}

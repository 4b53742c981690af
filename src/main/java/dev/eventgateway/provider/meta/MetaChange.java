package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventIds;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.Payloads;
import dev.eventgateway.webhook.Webhook;

import java.time.Instant;

/**
 * One {@code entry[].changes[]} element of a Meta payload, with what every event built from it shares: the provider
 * name, the webhook, the WABA ({@code entry.id}) and the entry time. Immutable.
 *
 * @param businessAccountId {@code entry.id}, or null
 * @param entryTime         {@code entry.time} as the provider wrote it (a part of some event ids), or null
 * @param entryInstant      {@code entry.time} read as an instant, or null
 * @param value             the change {@code value}: any JSON (only the known fields require an object)
 * @param change            the whole change, {@code {"field", "value"}}
 */
record MetaChange(String provider, Webhook webhook, String businessAccountId, String entryTime, Instant entryInstant,
                  String field, JsonNode value, JsonNode change, Instant receivedAt) {

    /** {@code value.metadata.phone_number_id}, else the webhook's senderId. */
    String phoneNumberId() {
        String fromMetadata = Payloads.text(Payloads.optionalObject(value, "metadata"), "phone_number_id");
        return fromMetadata != null ? fromMetadata : webhook.senderId();
    }

    /** The fragment's own timestamp (epoch seconds), else the entry time. */
    Instant occurredAt(JsonNode fragment, String timestampField) {
        Instant own = Payloads.instant(fragment, timestampField);
        return own != null ? own : entryInstant;
    }

    WebhookEvent event(String id, String type, String senderId, Instant occurredAt, ObjectNode data, JsonNode raw) {
        return new WebhookEvent(id, type, provider, webhook.uid(), senderId, businessAccountId, occurredAt, receivedAt,
                data, raw);
    }

    /**
     * What this change held that no canonical type matches — the whole change, or one odd item of it (a message
     * without {@code id}, a status that is not an object…): an {@link EventTypes#UNKNOWN} event with
     * {@code data.reason} and {@code data.providerEvent} (the field), the fragment as {@code raw}, for the unrouted
     * topic. Nothing a verified provider sent is dropped.
     *
     * @param fragment the whole change, or the odd item
     */
    WebhookEvent unrouted(JsonNode fragment, String reason) {
        ObjectNode data = Payloads.object().put("reason", reason).put("providerEvent", field);
        Payloads.putIfPresent(data, "errors", MetaErrors.all(value));
        String senderId = phoneNumberId();
        // the field and entry time keep two different changes with an equal fragment apart
        String id = EventIds.of(EventTypes.UNKNOWN, senderId, field, fragment == null ? "" : fragment.toString(),
                entryTime);
        return event(id, EventTypes.UNKNOWN, senderId, entryInstant, data, fragment);
    }
}

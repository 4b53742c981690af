package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
}

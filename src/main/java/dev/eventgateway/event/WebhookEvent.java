package dev.eventgateway.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * One canonical event (DESIGN §4): the value of one Kafka record. Immutable once built; {@code data} and {@code raw}
 * must not be changed after construction.
 *
 * @param id                deterministic id ({@link EventIds})
 * @param type              canonical type ({@link EventTypes}), or {@link EventTypes#UNKNOWN}
 * @param provider          {@code whats91}, {@code meta}, {@code whatsable} or {@code connexease}
 * @param webhookUid        the webhook the request came through
 * @param senderId          the business number: Meta phone_number_id, Whats91 senderId, else the webhook's senderId
 * @param businessAccountId Meta's WABA id ({@code entry.id}), when the provider gives one
 * @param occurredAt        when the provider says it happened (falls back to receivedAt)
 * @param receivedAt        when the gateway received the request
 * @param data              the normalized fields of the type
 * @param raw               the provider's own fragment for this one event
 * @param dropped           the provider values left out of {@code data} because they do not fit its schema, each
 *                          {@code {field, reason}} ({@link SchemaConformer}); null when there is none
 */
public record WebhookEvent(String id, String type, String provider, String webhookUid, String senderId,
                           String businessAccountId, Instant occurredAt, Instant receivedAt, ObjectNode data,
                           JsonNode raw, JsonNode dropped) {

    /** An event whose data holds everything the provider sent. */
    public WebhookEvent(String id, String type, String provider, String webhookUid, String senderId,
                        String businessAccountId, Instant occurredAt, Instant receivedAt, ObjectNode data,
                        JsonNode raw) {
        this(id, type, provider, webhookUid, senderId, businessAccountId, occurredAt, receivedAt, data, raw, null);
    }

    public WebhookEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(webhookUid, "webhookUid");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(data, "data");
        occurredAt = occurredAt != null ? occurredAt : receivedAt;
    }

    public EventCategory category() {
        return EventTypes.categoryOf(type);
    }

    /** A text field of {@code data}, or null. */
    public String dataText(String field) {
        JsonNode node = data.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    /**
     * The record value: the envelope as Jackson would write this record (fields in declaration order, nulls left out,
     * instants in ISO-8601), streamed field by field because it is written once per event on the event loop.
     */
    public byte[] toJsonBytes() {
        try (ByteArrayBuilder out = new ByteArrayBuilder(512);
             JsonGenerator json = EventJson.MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", id);
            json.writeStringField("type", type);
            json.writeStringField("provider", provider);
            json.writeStringField("webhookUid", webhookUid);
            writeIfPresent(json, "senderId", senderId);
            writeIfPresent(json, "businessAccountId", businessAccountId);
            json.writeStringField("occurredAt", occurredAt.toString());
            json.writeStringField("receivedAt", receivedAt.toString());
            json.writeFieldName("data");
            json.writeTree(data);
            if (raw != null) {
                json.writeFieldName("raw");
                json.writeTree(raw);
            }
            if (dropped != null) {
                json.writeFieldName("dropped");
                json.writeTree(dropped);
            }
            json.writeEndObject();
            json.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("event is not serializable: " + id, e);
        }
    }

    private static void writeIfPresent(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    /**
     * Reads an event written by {@link #toJsonBytes()}.
     *
     * @throws IOException when the bytes are not an event envelope
     */
    public static WebhookEvent fromJson(byte[] bytes) throws IOException {
        WebhookEvent event = EventJson.MAPPER.readValue(bytes, WebhookEvent.class);
        if (event == null) {
            throw new IOException("empty event");
        }
        return event;
    }
}

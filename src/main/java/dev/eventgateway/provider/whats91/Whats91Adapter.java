package dev.eventgateway.provider.whats91;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventIds;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.SchemaConformer;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.AuthScheme;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Payloads;
import dev.eventgateway.provider.ProviderAdapter;
import dev.eventgateway.webhook.Webhook;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.requiredText;
import static dev.eventgateway.provider.Payloads.text;

/**
 * Whats91 Webhooks v2: one event per request, {@code {"event", "webhookUid", "senderId", "data"}}, signed with
 * {@code X-Whats91-Signature} (lowercase hex HMAC-SHA256 of the raw body) and carrying {@code X-CRM-Webhook-Token}.
 */
public final class Whats91Adapter implements ProviderAdapter {

    public static final String NAME = "whats91";
    private static final AuthScheme AUTH =
            new AuthScheme("X-Whats91-Signature", "", AuthScheme.TokenPlacement.CRM_HEADER,
                    AuthScheme.Credentials.EITHER);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AuthScheme auth() {
        return AUTH;
    }

    /**
     * A known event whose {@code data} is odd — not an object, or without its identity fields ({@code messageId},
     * {@code from}, {@code templateName}, {@code status}) — becomes an {@link EventTypes#UNKNOWN} event with
     * {@code data.reason}, for the unrouted topic.
     *
     * @throws InvalidPayloadException when the payload is not an object with an {@code event} name
     */
    @Override
    public List<WebhookEvent> normalize(Webhook webhook, JsonNode payload, Instant receivedAt) {
        return events(webhook, payload, receivedAt).stream().map(SchemaConformer::conform).toList();
    }

    private List<WebhookEvent> events(Webhook webhook, JsonNode payload, Instant receivedAt) {
        if (payload == null || !payload.isObject()) {
            throw new InvalidPayloadException("a Whats91 payload is a JSON object");
        }
        String event = requiredText(payload, "event", "payload");
        String senderId = text(payload, "senderId") != null ? text(payload, "senderId") : webhook.senderId();

        String type;
        ObjectNode normalized;
        String naturalKey;
        JsonNode data = payload.get("data");
        try {
            if (event.startsWith(EventTypes.INBOUND_PREFIX)) {
                data = Payloads.requiredObject(payload, "data", "payload");
                // a kind Whats91 adds later still reaches the inbox, as message.inbound.unsupported (DESIGN §4)
                String kind = event.substring(EventTypes.INBOUND_PREFIX.length());
                type = EventTypes.inboundOrUnsupported(kind);
                normalized = inbound(data, kind);
                naturalKey = normalized.get("messageId").asText();
            } else if (event.startsWith(EventTypes.STATUS_PREFIX)
                    && EventTypes.STATUSES.contains(event.substring(EventTypes.STATUS_PREFIX.length()))) {
                data = Payloads.requiredObject(payload, "data", "payload");
                type = event;
                normalized = status(data, event.substring(EventTypes.STATUS_PREFIX.length()));
                naturalKey = normalized.get("messageId").asText() + "|" + text(data, "timestamp");
            } else if (EventTypes.TEMPLATE_STATUS.equals(event)) {
                data = Payloads.requiredObject(payload, "data", "payload");
                type = event;
                normalized = template(data);
                naturalKey = payload.toString();
            } else {
                // unknown events (and unknown status values) go to the unrouted topic; their data may be any shape
                type = EventTypes.UNKNOWN;
                normalized = Payloads.object().put("reason", "unknown Whats91 event").put("providerEvent", event);
                naturalKey = payload.toString();
            }
        } catch (InvalidPayloadException e) {
            // the envelope is Whats91's, the event inside is odd (no data object, no messageId…): kept, unrouted
            type = EventTypes.UNKNOWN;
            normalized = Payloads.object().put("reason", e.getMessage()).put("providerEvent", event);
            naturalKey = payload.toString();
        }
        String id = EventIds.of(type, senderId, naturalKey);
        return List.of(new WebhookEvent(id, type, NAME, webhook.uid(), senderId, null,
                Payloads.instant(data != null && data.isObject() ? data : null, "timestamp"), receivedAt, normalized,
                payload));
    }

    private static ObjectNode inbound(JsonNode data, String kind) {
        ObjectNode out = Payloads.object()
                .put("messageId", requiredText(data, "messageId", "data"))
                .put("from", requiredText(data, "from", "data"));
        putIfPresent(out, "contactName", text(data, "contactName"));
        out.put("messageType", kind);
        putIfPresent(out, "text", text(data, "text"));
        // Whats91 sends these already in the canonical shape: their canonical fields are kept (anything else stays in
        // raw, so data holds only what its schema describes); anything that is not an object is skipped
        putIfPresent(out, "media", texts(Payloads.optionalObject(data, "media"),
                "id", "mimeType", "sha256", "caption", "filename", "url"));
        putIfPresent(out, "location", location(Payloads.optionalObject(data, "location")));
        JsonNode interactive = Payloads.optionalObject(data, "interactive");
        if (text(interactive, "kind") != null) {
            putIfPresent(out, "interactive", texts(interactive, "kind", "id", "title", "description", "responseJson"));
        }
        putIfPresent(out, "reaction", texts(Payloads.optionalObject(data, "reaction"), "messageId", "emoji"));
        putIfPresent(out, "contextMessageId", text(data, "contextMessageId"));
        return out;
    }

    private static ObjectNode status(JsonNode data, String status) {
        ObjectNode out = Payloads.object()
                .put("messageId", requiredText(data, "messageId", "data"));
        putIfPresent(out, "recipient", text(data, "recipient"));
        out.put("status", status);
        JsonNode error = data.get("error");
        if (error != null && error.isObject()) {
            ObjectNode err = Payloads.object();
            putIfPresent(err, "code", text(error, "code"));
            putIfPresent(err, "title", text(error, "title"));
            putIfPresent(err, "message", text(error, "message"));
            putIfPresent(err, "details", text(error, "details"));
            out.set("error", err);
        }
        JsonNode conversation = Payloads.optionalObject(data, "conversation");
        ObjectNode conv = texts(conversation, "id", "originType");
        String expiresAt = Payloads.isoText(Payloads.instant(conversation, "expiresAt"));
        if (expiresAt != null) {
            conv = (conv != null ? conv : Payloads.object()).put("expiresAt", expiresAt);
        }
        putIfPresent(out, "conversation", conv);
        putIfPresent(out, "pricing", Payloads.pricing(Payloads.optionalObject(data, "pricing"), "model"));
        putIfPresent(out, "callbackData", text(data, "callbackData"));
        return out;
    }

    /** The named fields of an object, as text; null when the object is missing or holds none of them. */
    private static ObjectNode texts(JsonNode object, String... fields) {
        if (object == null) {
            return null;
        }
        ObjectNode out = Payloads.object();
        for (String field : fields) {
            putIfPresent(out, field, text(object, field));
        }
        return out.isEmpty() ? null : out;
    }

    /** Latitude and longitude are numbers (a number sent as text is read as one); name and address text. */
    private static ObjectNode location(JsonNode location) {
        if (location == null) {
            return null;
        }
        ObjectNode out = Payloads.object();
        for (String field : new String[]{"latitude", "longitude"}) {
            JsonNode value = location.get(field);
            if (value != null && value.isNumber()) {
                out.set(field, value);
            } else if (value != null && value.isTextual()) {
                try {
                    out.put(field, new BigDecimal(value.asText().trim()));
                } catch (NumberFormatException notANumber) {
                    // not a coordinate: left out of data, kept in raw
                }
            }
        }
        putIfPresent(out, "name", text(location, "name"));
        putIfPresent(out, "address", text(location, "address"));
        return out.isEmpty() ? null : out;
    }


    private static ObjectNode template(JsonNode data) {
        ObjectNode out = Payloads.object()
                .put("templateName", requiredText(data, "templateName", "data"));
        putIfPresent(out, "templateId", text(data, "templateId"));
        putIfPresent(out, "language", text(data, "language"));
        putIfPresent(out, "category", text(data, "category"));
        out.put("status", requiredText(data, "status", "data"));
        putIfPresent(out, "reason", text(data, "reason"));
        putIfPresent(out, "previous", text(data, "previous"));
        putIfPresent(out, "details", Payloads.optionalObject(data, "details"));
        return out;
    }
}

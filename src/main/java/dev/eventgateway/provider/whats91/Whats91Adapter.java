package dev.eventgateway.provider.whats91;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventIds;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.AuthScheme;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Payloads;
import dev.eventgateway.provider.ProviderAdapter;
import dev.eventgateway.webhook.Webhook;

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
        // Whats91 sends these already in the canonical shape; anything that is not an object is skipped
        putIfPresent(out, "media", Payloads.optionalObject(data, "media"));
        putIfPresent(out, "location", Payloads.optionalObject(data, "location"));
        putIfPresent(out, "interactive", Payloads.optionalObject(data, "interactive"));
        putIfPresent(out, "reaction", Payloads.optionalObject(data, "reaction"));
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
        putIfPresent(out, "conversation", Payloads.optionalObject(data, "conversation"));
        putIfPresent(out, "pricing", Payloads.optionalObject(data, "pricing"));
        putIfPresent(out, "callbackData", text(data, "callbackData"));
        return out;
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

package dev.eventgateway.provider.whatsable;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.requiredText;
import static dev.eventgateway.provider.Payloads.text;

/**
 * WhatsAble ({@code whatsable}): one event per request, {@code {"event":"incoming_message"|"message_status",
 * "data":{…}}}, optionally signed with {@code X-Webhook-Signature} (lowercase hex HMAC-SHA256 of the raw body) and
 * carrying {@code X-CRM-Webhook-Token} when the webhook has a verificationToken. Stateless and thread-safe.
 * <p>
 * An incoming message has no message id, so {@code messageId} is {@code "wa_" + EventIds.hash(phone_number,
 * user_timestamp, last_message_of_user, user_id)}: the fields that identify the customer's message, equal in every
 * retry of it. Its {@code last_messages} (a JSON array inside a string) becomes {@code data.lastMessages}; when the
 * string is broken, the elements before the damage are kept and {@code data.lastMessagesTruncated} is true.
 */
public final class WhatsAbleAdapter implements ProviderAdapter {

    public static final String NAME = "whatsable";
    public static final String INCOMING_MESSAGE = "incoming_message";
    public static final String MESSAGE_STATUS = "message_status";

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAbleAdapter.class);
    private static final AuthScheme AUTH =
            new AuthScheme("X-Webhook-Signature", "", AuthScheme.TokenPlacement.CRM_HEADER,
                    AuthScheme.Credentials.EITHER_SECRET_ON_REQUEST);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AuthScheme auth() {
        return AUTH;
    }

    /**
     * A known event whose {@code data} is odd — not an object, a message without {@code phone_number}, a status
     * without {@code message_id} — becomes an {@link EventTypes#UNKNOWN} event with {@code data.reason}, for the
     * unrouted topic.
     *
     * @throws InvalidPayloadException when the payload is not an object with an {@code event} name
     */
    @Override
    public List<WebhookEvent> normalize(Webhook webhook, JsonNode payload, Instant receivedAt) {
        return events(webhook, payload, receivedAt).stream().map(SchemaConformer::conform).toList();
    }

    private List<WebhookEvent> events(Webhook webhook, JsonNode payload, Instant receivedAt) {
        if (payload == null || !payload.isObject()) {
            throw new InvalidPayloadException("a WhatsAble payload is a JSON object");
        }
        String event = requiredText(payload, "event", "payload");
        try {
            return switch (event) {
                case INCOMING_MESSAGE -> List.of(incoming(webhook, payload, receivedAt));
                case MESSAGE_STATUS -> List.of(status(webhook, payload, receivedAt));
                default -> List.of(unknown(webhook, payload, event, "unknown WhatsAble event", receivedAt));
            };
        } catch (InvalidPayloadException e) {
            // the envelope is WhatsAble's, the event inside is odd (no data object, no phone_number…): kept, unrouted
            return List.of(unknown(webhook, payload, event, e.getMessage(), receivedAt));
        }
    }

    private static WebhookEvent incoming(Webhook webhook, JsonNode payload, Instant receivedAt) {
        JsonNode data = Payloads.requiredObject(payload, "data", "payload");
        String from = requiredText(data, "phone_number", "data");
        String userTimestamp = text(data, "user_timestamp");
        String text = text(data, "last_message_of_user");
        WhatsAbleHistory history = WhatsAbleHistory.read(data.get("last_messages"));
        String messageId = "wa_" + EventIds.hash(from, userTimestamp, text, text(data, "user_id"));

        String shownText = text != null ? text : history.lastUserContent();
        String providerType = text(data, "message_type");
        String messageType = providerType != null ? providerType.toLowerCase(Locale.ROOT) : null;
        if (messageType == null) {
            // the documented payloads always name the type; a bare text is the one sensible guess without it
            messageType = shownText != null ? "text" : "unsupported";
        }
        String type = EventTypes.inboundOrUnsupported(messageType);

        ObjectNode out = Payloads.object().put("messageId", messageId).put("from", from);
        putIfPresent(out, "contactName", text(data, "recipient_name"));
        out.put("messageType", messageType);
        putIfPresent(out, "text", shownText);
        String attachment = text(data, "attachment_url");
        if (attachment != null) {
            out.set("media", Payloads.object().put("url", attachment));
        }
        if (!history.messages().isEmpty()) {
            out.set("lastMessages", history.messages());
        }
        if (!history.complete()) {
            out.put("lastMessagesTruncated", true);
        }

        String senderId = webhook.senderId();
        String id = EventIds.of(type, senderId, messageId);
        if (!history.complete()) {
            LOG.debug("whatsable last_messages unreadable, kept what parsed [webhookUid: {}, eventId: {}, kept: {}]",
                    webhook.uid(), id, history.messages().size());
        }
        return new WebhookEvent(id, type, NAME, webhook.uid(), senderId, null,
                Payloads.instant(data, "user_timestamp"), receivedAt, out, payload);
    }

    private static WebhookEvent status(Webhook webhook, JsonNode payload, Instant receivedAt) {
        JsonNode data = Payloads.requiredObject(payload, "data", "payload");
        String messageId = requiredText(data, "message_id", "data");
        String status = text(data, "status");
        String normalizedStatus = status == null ? null : status.toLowerCase(Locale.ROOT);
        String type = EventTypes.statusOrUnknown(normalizedStatus);
        String timestamp = text(data, "timestamp");

        ObjectNode out = Payloads.object().put("messageId", messageId);
        putIfPresent(out, "recipient", text(data, "recipient") != null ? text(data, "recipient")
                : text(data, "phone_number"));
        putIfPresent(out, "status", normalizedStatus);

        String senderId = webhook.senderId();
        String id;
        if (EventTypes.UNKNOWN.equals(type)) {
            out.put("reason", "unknown WhatsAble status").put("providerEvent", status == null ? "" : status);
            id = EventIds.of(type, senderId, messageId, timestamp, status);
        } else {
            id = EventIds.of(type, senderId, messageId, timestamp);
        }
        return new WebhookEvent(id, type, NAME, webhook.uid(), senderId, null, Payloads.instant(data, "timestamp"),
                receivedAt, out, payload);
    }

    private static WebhookEvent unknown(Webhook webhook, JsonNode payload, String event, String reason,
                                        Instant receivedAt) {
        ObjectNode out = Payloads.object().put("reason", reason).put("providerEvent", event);
        String senderId = webhook.senderId();
        return new WebhookEvent(EventIds.of(EventTypes.UNKNOWN, senderId, payload.toString()), EventTypes.UNKNOWN,
                NAME, webhook.uid(), senderId, null, null, receivedAt, out, payload);
    }
}

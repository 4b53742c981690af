package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventIds;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Payloads;

import java.util.Locale;

import static dev.eventgateway.provider.Payloads.optionalObject;
import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.requiredText;
import static dev.eventgateway.provider.Payloads.text;

/**
 * Turns one {@code value.statuses[]} element into a {@code message.status.<status>} event (DESIGN §4). A status value
 * no canonical type names becomes {@link EventTypes#UNKNOWN}, so that it lands on the unrouted topic.
 */
final class MetaStatuses {

    private MetaStatuses() {
    }

    /**
     * @throws InvalidPayloadException when the status is not an object or has no message {@code id}
     */
    static WebhookEvent toEvent(MetaChange change, JsonNode status) {
        if (!status.isObject()) {
            throw new InvalidPayloadException("a Meta status is a JSON object");
        }
        String messageId = requiredText(status, "id", "status");
        String value = text(status, "status");
        String normalizedValue = value == null ? null : value.toLowerCase(Locale.ROOT);
        String type = EventTypes.statusOrUnknown(normalizedValue);
        String timestamp = text(status, "timestamp");

        ObjectNode data = Payloads.object().put("messageId", messageId);
        addRecipient(change, status, data);
        putIfPresent(data, "status", normalizedValue);
        putIfPresent(data, "error", MetaErrors.first(status));
        putIfPresent(data, "errors", MetaErrors.all(status));
        putIfPresent(data, "conversation", conversation(optionalObject(status, "conversation")));
        putIfPresent(data, "pricing", Payloads.pricing(optionalObject(status, "pricing"), "pricing_model"));
        putIfPresent(data, "callbackData", text(status, "biz_opaque_callback_data"));

        String senderId = change.phoneNumberId();
        String id;
        if (EventTypes.UNKNOWN.equals(type)) {
            data.put("reason", "unknown Meta status").put("providerEvent", value == null ? "" : value);
            // two unknown status values of one message at one second are two events
            id = EventIds.of(type, senderId, messageId, timestamp, value);
        } else {
            id = EventIds.of(type, senderId, messageId, timestamp);
        }
        return change.event(id, type, senderId, change.occurredAt(status, "timestamp"), data, status);
    }

    /**
     * Who the message went to: the customer by phone ({@code recipient_id}, {@code ""} when withheld) and BSUID
     * ({@code recipient_user_id}); for a message sent to a group ({@code recipient_type: "group"}), the group
     * ({@code group_id}, else the recipient id) and, on a participant's receipt, that participant
     * ({@code recipient_participant_id}, else {@code participant_user_id}).
     */
    private static void addRecipient(MetaChange change, JsonNode status, ObjectNode data) {
        String recipientId = text(status, "recipient_id");
        String groupId = text(status, "group_id");
        if (groupId == null && "group".equals(text(status, "recipient_type"))) {
            groupId = recipientId;
        }
        if (groupId == null) {
            MetaCustomer.of(change.value(), recipientId, text(status, "recipient_user_id"),
                    text(status, "recipient_parent_user_id")).addTo(data, "recipient");
            return;
        }
        data.put("groupId", groupId);
        MetaCustomer participant = MetaCustomer.of(change.value(),
                Payloads.firstText(status, "recipient_participant_id", "participant_id"),
                Payloads.firstText(status, "recipient_user_id", "participant_user_id"), null);
        putIfPresent(data, "participant", participant.key());
        putIfPresent(data, "userId", participant.userId());
        putIfPresent(data, "username", participant.username());
    }

    /** Present with conversation-based pricing; per-message pricing (PMP, from July 2025) often omits it. */
    private static ObjectNode conversation(JsonNode conversation) {
        if (conversation == null) {
            return null;
        }
        ObjectNode out = Payloads.object();
        putIfPresent(out, "id", text(conversation, "id"));
        putIfPresent(out, "originType", text(optionalObject(conversation, "origin"), "type"));
        // only the first status of a conversation (usually "sent") carries its expiry
        putIfPresent(out, "expiresAt", Payloads.isoText(Payloads.instant(conversation, "expiration_timestamp")));
        return out.isEmpty() ? null : out;
    }

}

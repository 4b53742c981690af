package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventIds;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Payloads;

import java.util.ArrayList;
import java.util.List;

import static dev.eventgateway.provider.Payloads.optionalArray;
import static dev.eventgateway.provider.Payloads.optionalObject;
import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.putScalar;
import static dev.eventgateway.provider.Payloads.requiredText;
import static dev.eventgateway.provider.Payloads.text;

/**
 * The coexistence history sync ({@code history} field): each {@code value.history[]} chunk,
 * {@code {"metadata":{"phase","chunk_order","progress"},"threads":[{"id":<customer>,"messages":[…]}]}}, becomes one
 * {@code message.history.<kind>} event per message of every thread, in order, with data {@code messageId, phone
 * (the thread: the customer), direction (inbound when the customer sent it, else outbound), from, to?, messageType,
 * <content>, historyStatus? (history_context.status), phase?, chunkOrder?, progress?, contextMessageId?, errors?}.
 * <p>
 * A chunk with no message at all (the business declined to share its history — {@code errors[]}, code 2593109 — or
 * a progress-only chunk) is one {@code account.update} with field {@code history}, so that the sync's progress and
 * outcome are seen. A thread or message too odd to read is one unrouted event; the rest of the chunk is kept.
 */
final class MetaHistory {

    static final String FIELD = "history";
    static final String ARRAY = "history";

    private MetaHistory() {
    }

    static boolean handles(String field) {
        return FIELD.equals(field);
    }

    /**
     * @throws InvalidPayloadException when the chunk is not an object
     */
    static List<WebhookEvent> toEvents(MetaChange change, JsonNode chunk) {
        if (!chunk.isObject()) {
            throw new InvalidPayloadException("a Meta history chunk is a JSON object");
        }
        JsonNode metadata = optionalObject(chunk, "metadata");
        JsonNode threads = optionalArray(chunk, "threads");
        List<WebhookEvent> events = new ArrayList<>();
        if (threads == null || threads.isEmpty()) {
            events.add(chunkWithoutMessages(change, chunk, metadata));
            return events;
        }
        for (JsonNode thread : threads) {
            // a thread of a customer who hides their number is named by BSUID only
            MetaCustomer customer = MetaCustomer.of(change.value(), text(thread, "id"), text(thread, "user_id"),
                    text(thread, "parent_user_id"));
            JsonNode messages = optionalArray(thread, "messages");
            if (!customer.known() || messages == null) {
                events.add(change.unrouted(thread, "a history thread needs its id (or user_id) and messages array"));
                continue;
            }
            for (JsonNode message : messages) {
                try {
                    events.add(message(change, metadata, customer, message));
                } catch (InvalidPayloadException e) {
                    events.add(change.unrouted(message, e.getMessage()));
                }
            }
        }
        return events;
    }

    private static WebhookEvent message(MetaChange change, JsonNode metadata, MetaCustomer customer,
                                        JsonNode message) {
        if (!message.isObject()) {
            throw new InvalidPayloadException("a Meta history message is a JSON object");
        }
        String messageId = requiredText(message, "id", "history message");
        String from = text(message, "from");
        String fromUserId = text(message, "from_user_id");
        if (from == null && fromUserId == null) {
            throw new InvalidPayloadException("missing history message.from and from_user_id");
        }
        boolean inbound = (from != null && from.equals(customer.phone()))
                || (fromUserId != null && fromUserId.equals(customer.userId()));
        String messageType = text(message, "type");
        String type = EventTypes.historyOrUnsupported(messageType);
        String kind = type.substring(EventTypes.HISTORY_PREFIX.length());

        ObjectNode data = customer.addTo(Payloads.object().put("messageId", messageId), "phone")
                .put("direction", inbound ? "inbound" : "outbound");
        putIfPresent(data, "from", from);
        putIfPresent(data, "fromUserId", fromUserId);
        putIfPresent(data, "to", text(message, "to"));
        data.put("messageType", messageType != null ? messageType : kind);
        MetaInboundMessages.addContent(data, kind, message);
        putIfPresent(data, "historyStatus", text(optionalObject(message, "history_context"), "status"));
        addProgress(data, metadata);
        putIfPresent(data, "contextMessageId", text(optionalObject(message, "context"), "id"));
        putIfPresent(data, "errors", MetaErrors.all(message));

        String senderId = change.phoneNumberId();
        return change.event(EventIds.of(type, senderId, messageId), type, senderId,
                change.occurredAt(message, "timestamp"), data, message);
    }

    private static WebhookEvent chunkWithoutMessages(MetaChange change, JsonNode chunk, JsonNode metadata) {
        ObjectNode data = Payloads.object().put("field", FIELD);
        ObjectNode firstError = MetaErrors.first(chunk);
        putIfPresent(data, "event", firstError == null ? null : text(firstError, "code"));
        addProgress(data, metadata);
        putIfPresent(data, "errors", MetaErrors.all(chunk));
        data.set("value", chunk);
        String senderId = change.phoneNumberId();
        String id = EventIds.of(EventTypes.ACCOUNT_UPDATE, change.businessAccountId(), FIELD, chunk.toString(),
                change.entryTime());
        return change.event(id, EventTypes.ACCOUNT_UPDATE, senderId, change.entryInstant(), data, chunk);
    }

    /** The chunk's phase (0–2), order and overall progress (100 = the sync is complete), as Meta sends them. */
    private static void addProgress(ObjectNode data, JsonNode metadata) {
        putScalar(data, "phase", metadata, "phase");
        putScalar(data, "chunkOrder", metadata, "chunk_order");
        putScalar(data, "progress", metadata, "progress");
    }
}

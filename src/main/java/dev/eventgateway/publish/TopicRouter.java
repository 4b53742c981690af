package dev.eventgateway.publish;

import dev.eventgateway.event.EventCategory;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.webhook.Webhook;

/**
 * Decides each event's topic and key (DESIGN §4). The key keeps per-key order: all events of one conversation,
 * of one message's lifecycle, of one template land in one partition.
 */
public final class TopicRouter {

    private final Topics topics;

    public TopicRouter(Topics topics) {
        this.topics = topics;
    }

    /** The event's topic; a type the webhook does not subscribe to, or an unknown one, goes to the unrouted topic. */
    public String topicFor(WebhookEvent event, Webhook webhook) {
        return topics.of(unrouted(event, webhook) ? EventCategory.UNROUTED : event.category());
    }

    /**
     * Whether the event goes to the unrouted topic: its type is {@code unknown} (what no canonical type matches, an
     * odd item of a batch) or one the webhook does not subscribe to.
     */
    public static boolean unrouted(WebhookEvent event, Webhook webhook) {
        return event.category() == EventCategory.UNROUTED || !webhook.accepts(event.type());
    }

    /**
     * The record key. The customer part of a conversation's key is the phone number when the event has one, else
     * the business-scoped user id (a customer who hides their number), so that neither key ends empty; a group's
     * messages are keyed {@code senderId:group:<groupId>}, which keeps the group's order without touching the
     * participant's one-to-one thread.
     */
    public String keyFor(WebhookEvent event, String topic) {
        if (topic.equals(topics.of(EventCategory.UNROUTED))) {
            return event.webhookUid();
        }
        String groupId = event.dataText("groupId");
        return switch (event.category()) {
            case INBOUND_MESSAGE -> conversation(event, groupId, "from");
            case OUTBOUND_MESSAGE -> conversation(event, groupId, "to");
            case HISTORY_MESSAGE -> conversation(event, null, "phone");
            case CONTACT -> conversation(event, null, "waId");
            case CALL -> orSender(event, event.dataText("callId"));
            case GROUP -> orSender(event, groupId != null ? groupId : event.dataText("requestId"));
            case MESSAGE_STATUS -> event.dataText("messageId");
            case TEMPLATE -> event.senderId() + ":" + event.dataText("templateName") + ":" + event.dataText("language");
            case ACCOUNT -> event.senderId();
            case UNROUTED -> event.webhookUid();
        };
    }

    private static String orSender(WebhookEvent event, String part) {
        return part != null ? event.senderId() + ":" + part : event.senderId();
    }

    private static String conversation(WebhookEvent event, String groupId, String phoneField) {
        if (groupId != null) {
            return event.senderId() + ":group:" + groupId;
        }
        String phone = event.dataText(phoneField);
        return event.senderId() + ":" + (phone != null ? phone : event.dataText("userId"));
    }

    public Topics topics() {
        return topics;
    }
}

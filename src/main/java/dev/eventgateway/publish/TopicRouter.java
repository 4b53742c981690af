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

    public String keyFor(WebhookEvent event, String topic) {
        if (topic.equals(topics.of(EventCategory.UNROUTED))) {
            return event.webhookUid();
        }
        return switch (event.category()) {
            case INBOUND_MESSAGE -> event.senderId() + ":" + event.dataText("from");
            case OUTBOUND_MESSAGE -> event.senderId() + ":" + event.dataText("to");
            case HISTORY_MESSAGE -> event.senderId() + ":" + event.dataText("phone");
            case CONTACT -> event.senderId() + ":" + event.dataText("waId");
            case CALL -> event.senderId() + ":" + event.dataText("callId");
            case MESSAGE_STATUS -> event.dataText("messageId");
            case TEMPLATE -> event.senderId() + ":" + event.dataText("templateName") + ":" + event.dataText("language");
            case ACCOUNT -> event.senderId();
            case UNROUTED -> event.webhookUid();
        };
    }

    public Topics topics() {
        return topics;
    }
}

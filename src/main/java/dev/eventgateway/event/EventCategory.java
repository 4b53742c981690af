package dev.eventgateway.event;

/** Where a canonical event goes: each category is one topic (DESIGN §4), named here without the prefix. */
public enum EventCategory {
    INBOUND_MESSAGE("messages.inbound"),
    MESSAGE_STATUS("messages.status"),
    OUTBOUND_MESSAGE("messages.outbound"),
    HISTORY_MESSAGE("messages.history"),
    CONTACT("contacts.events"),
    CALL("calls"),
    GROUP("groups.events"),
    TEMPLATE("templates.status"),
    ACCOUNT("account.events"),
    UNROUTED("events.unrouted");

    private final String topicSuffix;

    EventCategory(String topicSuffix) {
        this.topicSuffix = topicSuffix;
    }

    public String topicSuffix() {
        return topicSuffix;
    }
}

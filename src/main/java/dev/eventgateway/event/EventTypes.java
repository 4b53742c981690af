package dev.eventgateway.event;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The canonical event types of DESIGN §4, and the category (hence the topic) each belongs to. */
public final class EventTypes {

    public static final String INBOUND_PREFIX = "message.inbound.";
    public static final String STATUS_PREFIX = "message.status.";

    public static final List<String> INBOUND_KINDS = List.of("text", "image", "audio", "video", "document",
            "sticker", "location", "contacts", "interactive", "button", "reaction", "order", "system", "unsupported");
    public static final List<String> STATUSES = List.of("sent", "delivered", "read", "played", "failed");

    public static final String TEMPLATE_STATUS = "template.status_update";
    public static final String TEMPLATE_CATEGORY = "template.category_update";
    public static final String TEMPLATE_QUALITY = "template.quality_update";
    public static final String ACCOUNT_UPDATE = "account.update";
    /** What a verified payload held that no canonical type matches; published to the unrouted topic. */
    public static final String UNKNOWN = "unknown";

    /** Every type a webhook may subscribe to. */
    public static final Set<String> ALL = Stream.of(
                    INBOUND_KINDS.stream().map(k -> INBOUND_PREFIX + k),
                    STATUSES.stream().map(s -> STATUS_PREFIX + s),
                    Stream.of(TEMPLATE_STATUS, TEMPLATE_CATEGORY, TEMPLATE_QUALITY, ACCOUNT_UPDATE))
            .flatMap(s -> s)
            .collect(Collectors.toUnmodifiableSet());

    private EventTypes() {
    }

    public static String inbound(String kind) {
        return INBOUND_PREFIX + kind;
    }

    public static String status(String status) {
        return STATUS_PREFIX + status;
    }

    /**
     * The inbound type for a provider's message kind. A kind no canonical type names becomes
     * {@code message.inbound.unsupported}, so a new WhatsApp message type still reaches the inbox (DESIGN §4).
     */
    public static String inboundOrUnsupported(String kind) {
        return kind != null && INBOUND_KINDS.contains(kind) ? inbound(kind) : inbound("unsupported");
    }

    /** The status type for a provider's status value, or {@link #UNKNOWN} for a value no canonical type names. */
    public static String statusOrUnknown(String status) {
        return status != null && STATUSES.contains(status) ? status(status) : UNKNOWN;
    }

    public static boolean isKnown(String type) {
        return ALL.contains(type);
    }

    public static EventCategory categoryOf(String type) {
        if (type.startsWith(INBOUND_PREFIX)) {
            return EventCategory.INBOUND_MESSAGE;
        }
        if (type.startsWith(STATUS_PREFIX)) {
            return EventCategory.MESSAGE_STATUS;
        }
        if (type.startsWith("template.")) {
            return EventCategory.TEMPLATE;
        }
        if (type.startsWith("account.")) {
            return EventCategory.ACCOUNT;
        }
        return EventCategory.UNROUTED;
    }
}

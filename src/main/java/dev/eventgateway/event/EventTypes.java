package dev.eventgateway.event;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The canonical event types of DESIGN §4, and the category (hence the topic) each belongs to. */
public final class EventTypes {

    public static final String INBOUND_PREFIX = "message.inbound.";
    public static final String STATUS_PREFIX = "message.status.";
    /** What the business sent from the WhatsApp Business app (Meta's {@code smb_message_echoes}, {@code message_echoes}). */
    public static final String ECHO_PREFIX = "message.outbound.echo.";
    /** One message of a history-sync chunk (Meta's {@code history}), either direction. */
    public static final String HISTORY_PREFIX = "message.history.";
    public static final String CALL_PREFIX = "call.";
    public static final String FLOW_PREFIX = "flow.";
    public static final String GROUP_PREFIX = "group.";

    /** Kinds of message content either party can send (the inbound kinds but the customer's own actions). */
    private static final List<String> CONTENT_KINDS = List.of("text", "image", "audio", "video", "document",
            "sticker", "location", "contacts", "interactive", "button", "reaction", "order", "system", "unsupported");
    /**
     * What a customer can send: content, and {@code request_welcome} (they opened the chat for the first time),
     * {@code revoke} (deleted a message), {@code edit} (edited one).
     */
    public static final List<String> INBOUND_KINDS = Stream.concat(CONTENT_KINDS.stream(),
            Stream.of("request_welcome", "revoke", "edit")).toList();
    public static final List<String> STATUSES = List.of("sent", "delivered", "read", "played", "failed");
    /** Kinds of a message the business sent: what a customer can send, and templates. */
    public static final List<String> ECHO_KINDS = Stream.concat(CONTENT_KINDS.stream(), Stream.of("template"))
            .toList();
    /** Kinds of a history message: either direction, and Meta's {@code media_placeholder} for media sent later. */
    public static final List<String> HISTORY_KINDS = Stream.concat(ECHO_KINDS.stream(),
            Stream.of("media_placeholder")).toList();
    /** Meta's {@code calls[].event} values, and {@code status} for its {@code statuses[]} of a call. */
    public static final List<String> CALL_EVENTS = List.of("connect", "terminate", "status", "recording_available",
            "transcription_available");
    /** Meta's Cloud API groups fields ({@code group_<event>}), each one type {@code group.<event>}. */
    public static final List<String> GROUP_EVENTS = List.of("lifecycle_update", "participants_update",
            "settings_update", "status_update");
    /** Meta's {@code flows} events, lower-cased. */
    public static final List<String> FLOW_EVENTS = List.of("flow_status_change", "client_error_rate",
            "endpoint_error_rate", "endpoint_latency", "endpoint_availability", "flow_version_expiry_warning");

    public static final String TEMPLATE_STATUS = "template.status_update";
    public static final String TEMPLATE_CATEGORY = "template.category_update";
    public static final String TEMPLATE_QUALITY = "template.quality_update";
    public static final String TEMPLATE_COMPONENTS = "template.components_update";
    public static final String ACCOUNT_UPDATE = "account.update";
    /**
     * A {@code messages} change that carries only value-level {@code errors} (e.g. 130429 rate limit hit): the
     * operator's alert, {@code data.code} the first error's code.
     */
    public static final String ACCOUNT_ERROR = "account.error";
    /** A contact of the business's WhatsApp Business app address book added, edited or removed. */
    public static final String CONTACT_SYNC = "contact.sync";
    /** A customer stopped or resumed marketing messages. */
    public static final String CONTACT_PREFERENCES = "contact.preferences_update";
    /** What a verified payload held that no canonical type matches; published to the unrouted topic. */
    public static final String UNKNOWN = "unknown";

    /** Every type a webhook may subscribe to. */
    public static final Set<String> ALL = Stream.of(
                    INBOUND_KINDS.stream().map(k -> INBOUND_PREFIX + k),
                    STATUSES.stream().map(s -> STATUS_PREFIX + s),
                    ECHO_KINDS.stream().map(k -> ECHO_PREFIX + k),
                    HISTORY_KINDS.stream().map(k -> HISTORY_PREFIX + k),
                    CALL_EVENTS.stream().map(e -> CALL_PREFIX + e),
                    FLOW_EVENTS.stream().map(e -> FLOW_PREFIX + e),
                    GROUP_EVENTS.stream().map(e -> GROUP_PREFIX + e),
                    Stream.of(TEMPLATE_STATUS, TEMPLATE_CATEGORY, TEMPLATE_QUALITY, TEMPLATE_COMPONENTS, ACCOUNT_UPDATE,
                            ACCOUNT_ERROR,
                            CONTACT_SYNC, CONTACT_PREFERENCES))
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

    /** The echo type for a message kind; a kind no canonical type names becomes {@code …echo.unsupported}. */
    public static String echoOrUnsupported(String kind) {
        return ECHO_PREFIX + (kind != null && ECHO_KINDS.contains(kind) ? kind : "unsupported");
    }

    /** The history type for a message kind; a kind no canonical type names becomes {@code …history.unsupported}. */
    public static String historyOrUnsupported(String kind) {
        return HISTORY_PREFIX + (kind != null && HISTORY_KINDS.contains(kind) ? kind : "unsupported");
    }

    /** The call type for a call event, or {@link #UNKNOWN} for an event no canonical type names. */
    public static String callOrUnknown(String event) {
        return event != null && CALL_EVENTS.contains(event) ? CALL_PREFIX + event : UNKNOWN;
    }

    /** The flow type for a flows event (any case), or {@link #UNKNOWN} for an event no canonical type names. */
    public static String flowOrUnknown(String event) {
        String lower = event == null ? null : event.toLowerCase(Locale.ROOT);
        return lower != null && FLOW_EVENTS.contains(lower) ? FLOW_PREFIX + lower : UNKNOWN;
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
        if (type.startsWith(ECHO_PREFIX)) {
            return EventCategory.OUTBOUND_MESSAGE;
        }
        if (type.startsWith(HISTORY_PREFIX)) {
            return EventCategory.HISTORY_MESSAGE;
        }
        if (type.startsWith("contact.")) {
            return EventCategory.CONTACT;
        }
        if (type.startsWith(CALL_PREFIX)) {
            return EventCategory.CALL;
        }
        if (type.startsWith(GROUP_PREFIX)) {
            return EventCategory.GROUP;
        }
        if (type.startsWith("template.")) {
            return EventCategory.TEMPLATE;
        }
        if (type.startsWith("account.") || type.startsWith(FLOW_PREFIX)) {
            return EventCategory.ACCOUNT;
        }
        return EventCategory.UNROUTED;
    }
}

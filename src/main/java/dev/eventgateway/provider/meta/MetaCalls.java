package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventIds;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Payloads;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.eventgateway.provider.Payloads.optionalObject;
import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.putScalar;
import static dev.eventgateway.provider.Payloads.requiredText;
import static dev.eventgateway.provider.Payloads.text;

/**
 * The Calling API ({@code calls} field), one event per element (DESIGN §4):
 * <ul>
 *   <li>each {@code value.calls[]} → {@code call.<event>} ({@code connect}, {@code terminate}), data {@code callId,
 *       event, from?, to?, direction?, status?, startTime?, endTime?, duration?, session?{sdpType,sdp},
 *       callbackData?, errors?};</li>
 *   <li>each {@code value.statuses[]} (a business-initiated call's {@code RINGING}, {@code ACCEPTED},
 *       {@code REJECTED}) → {@code call.status}, data {@code callId, event: "status", status, recipient?,
 *       callbackData?, errors?}.</li>
 * </ul>
 * A call event Meta adds later goes to the unrouted topic.
 */
final class MetaCalls {

    static final String FIELD = "calls";
    static final String CALLS = "calls";
    static final String STATUSES = "statuses";
    private static final Map<String, String> MEDIA_FIELDS = Map.of("call_recording_available", "recording_available",
            "call_transcription_available", "transcription_available");

    private MetaCalls() {
    }

    static boolean handles(String field) {
        return FIELD.equals(field);
    }

    /** {@code call_recording_available}, {@code call_transcription_available}: a call's media is ready. */
    static boolean handlesMedia(String field) {
        return MEDIA_FIELDS.containsKey(field);
    }

    /**
     * A call's recording or transcription became available: {@code call.recording_available} or
     * {@code call.transcription_available}, data {@code {event, callId?, from?, to?, media}}, the value (its
     * media id, link, expiry…) kept whole as {@code media}.
     */
    static WebhookEvent mediaEvent(MetaChange change) {
        JsonNode value = change.value();
        String event = MEDIA_FIELDS.get(change.field());
        String type = EventTypes.CALL_PREFIX + event;
        ObjectNode data = Payloads.object().put("event", event);
        putIfPresent(data, "callId", Payloads.firstText(value, "call_id", "id"));
        putIfPresent(data, "from", text(value, "from"));
        putIfPresent(data, "to", text(value, "to"));
        data.set("media", value);
        String senderId = change.phoneNumberId();
        String id = EventIds.of(type, senderId, value.toString(), change.entryTime());
        return change.event(id, type, senderId, change.occurredAt(value, "timestamp"), data, value);
    }

    /**
     * @throws InvalidPayloadException when the call is not an object, has no {@code id}, or its {@code event} has no
     *                                 canonical type
     */
    static WebhookEvent callEvent(MetaChange change, JsonNode call) {
        if (!call.isObject()) {
            throw new InvalidPayloadException("a Meta call is a JSON object");
        }
        String callId = requiredText(call, "id", "call");
        String event = requiredText(call, "event", "call");
        String type = EventTypes.callOrUnknown(event.toLowerCase(Locale.ROOT));
        if (EventTypes.UNKNOWN.equals(type) || !List.of("connect", "terminate").contains(event.toLowerCase(Locale.ROOT))) {
            throw new InvalidPayloadException("call event " + event + " has no canonical type");
        }
        ObjectNode data = Payloads.object().put("callId", callId).put("event", event.toLowerCase(Locale.ROOT));
        putIfPresent(data, "from", text(call, "from"));
        putIfPresent(data, "to", text(call, "to"));
        // the customer's BSUID, on whichever side of the call they are
        customer(change, call).addTo(data, "phone");
        putIfPresent(data, "direction", text(call, "direction"));
        putIfPresent(data, "status", text(call, "status"));
        putIfPresent(data, "startTime", Payloads.isoText(Payloads.instant(call, "start_time")));
        putIfPresent(data, "endTime", Payloads.isoText(Payloads.instant(call, "end_time")));
        putScalar(data, "duration", call, "duration");
        JsonNode session = optionalObject(call, "session");
        if (session != null) {
            ObjectNode out = Payloads.object();
            putIfPresent(out, "sdpType", text(session, "sdp_type"));
            putIfPresent(out, "sdp", text(session, "sdp"));
            data.set("session", out);
        }
        putIfPresent(data, "callbackData", text(call, "biz_opaque_callback_data"));
        putIfPresent(data, "errors", MetaErrors.all(call));

        String senderId = change.phoneNumberId();
        String id = EventIds.of(type, senderId, callId, text(call, "timestamp"));
        return change.event(id, type, senderId, change.occurredAt(call, "timestamp"), data, call);
    }

    /**
     * The customer of a call: a user-initiated call is from them, a business-initiated one to them. Their phone
     * ({@code phone}) is the side's number; the BSUID is {@code <side>_user_id}.
     */
    private static MetaCustomer customer(MetaChange change, JsonNode call) {
        String side = "BUSINESS_INITIATED".equalsIgnoreCase(text(call, "direction")) ? "to" : "from";
        return MetaCustomer.of(change.value(), text(call, side), text(call, side + "_user_id"),
                text(call, side + "_parent_user_id"));
    }

    /**
     * @throws InvalidPayloadException when the status is not an object or has no {@code id} or {@code status}
     */
    static WebhookEvent statusEvent(MetaChange change, JsonNode status) {
        if (!status.isObject()) {
            throw new InvalidPayloadException("a Meta call status is a JSON object");
        }
        String callId = requiredText(status, "id", "call status");
        String value = requiredText(status, "status", "call status");
        String type = EventTypes.CALL_PREFIX + "status";

        ObjectNode data = Payloads.object().put("callId", callId).put("event", "status").put("status", value);
        MetaCustomer.of(change.value(), text(status, "recipient_id"), text(status, "recipient_user_id"),
                text(status, "recipient_parent_user_id")).addTo(data, "recipient");
        putIfPresent(data, "callbackData", text(status, "biz_opaque_callback_data"));
        putIfPresent(data, "errors", MetaErrors.all(status));

        String senderId = change.phoneNumberId();
        String id = EventIds.of(type, senderId, callId, value, text(status, "timestamp"));
        return change.event(id, type, senderId, change.occurredAt(status, "timestamp"), data, status);
    }
}

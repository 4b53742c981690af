package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventIds;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Payloads;

import java.util.Set;

import static dev.eventgateway.provider.Payloads.optionalArray;
import static dev.eventgateway.provider.Payloads.optionalObject;
import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.putScalar;
import static dev.eventgateway.provider.Payloads.requiredText;
import static dev.eventgateway.provider.Payloads.text;

/** Turns one {@code value.messages[]} element into a {@code message.inbound.<kind>} event (DESIGN §4). */
final class MetaInboundMessages {

    private static final Set<String> MEDIA_KINDS = Set.of("image", "audio", "video", "document", "sticker");

    private MetaInboundMessages() {
    }

    /**
     * @throws InvalidPayloadException when the message is not an object or has no {@code id} or {@code from}
     */
    static WebhookEvent toEvent(MetaChange change, JsonNode message) {
        if (!message.isObject()) {
            throw new InvalidPayloadException("a Meta message is a JSON object");
        }
        String messageId = requiredText(message, "id", "message");
        String from = requiredText(message, "from", "message");
        String messageType = text(message, "type");
        String type = EventTypes.inboundOrUnsupported(messageType);
        String kind = type.substring(EventTypes.INBOUND_PREFIX.length());

        ObjectNode data = Payloads.object().put("messageId", messageId).put("from", from);
        putIfPresent(data, "contactName", contactName(change.value(), from));
        // an unknown type keeps its own name here, so that the inbox can say what the customer sent
        data.put("messageType", messageType != null ? messageType : kind);
        addContent(data, kind, message);
        putIfPresent(data, "errors", MetaErrors.all(message));
        putIfPresent(data, "contextMessageId", text(optionalObject(message, "context"), "id"));
        // as Meta sends them: context says reply / forwarded / referred product, referral the click-to-WhatsApp ad
        putIfPresent(data, "context", optionalObject(message, "context"));
        putIfPresent(data, "referral", optionalObject(message, "referral"));

        String senderId = change.phoneNumberId();
        return change.event(EventIds.of(type, senderId, messageId), type, senderId,
                change.occurredAt(message, "timestamp"), data, message);
    }

    /** {@code profile.name} of the {@code value.contacts[]} element whose {@code wa_id} is the sender. */
    private static String contactName(JsonNode value, String from) {
        JsonNode contacts = optionalArray(value, "contacts");
        if (contacts == null) {
            return null;
        }
        for (JsonNode contact : contacts) {
            if (from.equals(text(contact, "wa_id"))) {
                return text(optionalObject(contact, "profile"), "name");
            }
        }
        return null;
    }

    /**
     * The normalized content of a message of this kind (text, media, location…), shared by inbound, echoed and
     * history messages, which Meta shapes alike.
     */
    static void addContent(ObjectNode data, String kind, JsonNode message) {
        if (MEDIA_KINDS.contains(kind)) {
            putIfPresent(data, "media", media(optionalObject(message, kind)));
            return;
        }
        switch (kind) {
            case "text" -> putIfPresent(data, "text", text(optionalObject(message, "text"), "body"));
            case "location" -> putIfPresent(data, "location", location(optionalObject(message, "location")));
            case "interactive" -> interactive(data, optionalObject(message, "interactive"));
            case "button" -> button(data, optionalObject(message, "button"));
            case "reaction" -> putIfPresent(data, "reaction", reaction(optionalObject(message, "reaction")));
            case "contacts" -> putIfPresent(data, "contacts", optionalArray(message, "contacts"));
            case "order" -> order(data, optionalObject(message, "order"));
            case "system" -> system(data, optionalObject(message, "system"));
            case "unsupported" -> putIfPresent(data, "unsupported", optionalObject(message, "unsupported"));
            case "template" -> putIfPresent(data, "template", optionalObject(message, "template"));
            default -> {
                // every kind of EventTypes.ECHO_KINDS is handled above; a media_placeholder has no content
            }
        }
    }

    private static ObjectNode media(JsonNode media) {
        if (media == null) {
            return null;
        }
        ObjectNode out = Payloads.object();
        putIfPresent(out, "id", text(media, "id"));
        putIfPresent(out, "mimeType", text(media, "mime_type"));
        putIfPresent(out, "sha256", text(media, "sha256"));
        putIfPresent(out, "caption", text(media, "caption"));
        putIfPresent(out, "filename", text(media, "filename"));
        putIfPresent(out, "url", text(media, "url"));
        return out.isEmpty() ? null : out;
    }

    private static ObjectNode location(JsonNode location) {
        if (location == null) {
            return null;
        }
        ObjectNode out = Payloads.object();
        putScalar(out, "latitude", location, "latitude");
        putScalar(out, "longitude", location, "longitude");
        putIfPresent(out, "name", text(location, "name"));
        putIfPresent(out, "address", text(location, "address"));
        return out.isEmpty() ? null : out;
    }

    /**
     * {@code interactive.type} names the reply object: {@code button_reply} and {@code list_reply} carry
     * {@code id/title(/description)}; a Flow's {@code nfm_reply} carries {@code name/body/response_json}.
     */
    private static void interactive(ObjectNode data, JsonNode interactive) {
        String replyKind = text(interactive, "type");
        if (replyKind == null) {
            return;
        }
        JsonNode reply = optionalObject(interactive, replyKind);
        ObjectNode out = Payloads.object().put("kind", replyKind);
        putIfPresent(out, "id", text(reply, "id") != null ? text(reply, "id") : text(reply, "name"));
        putIfPresent(out, "title", text(reply, "title") != null ? text(reply, "title") : text(reply, "body"));
        putIfPresent(out, "description", text(reply, "description"));
        putIfPresent(out, "responseJson", text(reply, "response_json"));
        data.set("interactive", out);
        putIfPresent(data, "text", text(out, "title"));
    }

    /** A quick-reply button of a template: its text is what the customer saw, its payload what the business set. */
    private static void button(ObjectNode data, JsonNode button) {
        putIfPresent(data, "text", text(button, "text"));
        putIfPresent(data, "buttonPayload", text(button, "payload"));
    }

    private static ObjectNode reaction(JsonNode reaction) {
        if (reaction == null) {
            return null;
        }
        ObjectNode out = Payloads.object();
        putIfPresent(out, "messageId", text(reaction, "message_id"));
        // no emoji means the customer removed their reaction
        putIfPresent(out, "emoji", text(reaction, "emoji"));
        return out;
    }

    private static void order(ObjectNode data, JsonNode order) {
        putIfPresent(data, "text", text(order, "text"));
        putIfPresent(data, "order", order);
    }

    private static void system(ObjectNode data, JsonNode system) {
        if (system == null) {
            return;
        }
        ObjectNode out = Payloads.object();
        putIfPresent(out, "body", text(system, "body"));
        putIfPresent(out, "type", text(system, "type"));
        // user_changed_number gives the customer's new WhatsApp id under one of these names
        putIfPresent(out, "waId", text(system, "wa_id") != null ? text(system, "wa_id") : text(system, "new_wa_id"));
        data.set("system", out);
        putIfPresent(data, "text", text(system, "body"));
    }
}

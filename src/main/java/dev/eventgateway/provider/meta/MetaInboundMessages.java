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
import static dev.eventgateway.provider.Payloads.firstText;
import static dev.eventgateway.provider.Payloads.text;

/** Turns one {@code value.messages[]} element into a {@code message.inbound.<kind>} event (DESIGN §4). */
final class MetaInboundMessages {

    private static final Set<String> MEDIA_KINDS = Set.of("image", "audio", "video", "document", "sticker");

    private MetaInboundMessages() {
    }

    /**
     * @throws InvalidPayloadException when the message is not an object, has no {@code id}, or names its sender
     *                                 neither by phone ({@code from}) nor by BSUID ({@code from_user_id})
     */
    static WebhookEvent toEvent(MetaChange change, JsonNode message) {
        if (!message.isObject()) {
            throw new InvalidPayloadException("a Meta message is a JSON object");
        }
        String messageId = requiredText(message, "id", "message");
        MetaCustomer customer = MetaCustomer.of(change.value(), text(message, "from"),
                text(message, "from_user_id"), text(message, "from_parent_user_id"));
        if (!customer.known()) {
            throw new InvalidPayloadException("missing message.from and message.from_user_id");
        }
        String messageType = text(message, "type");
        String type = EventTypes.inboundOrUnsupported(messageType);
        String kind = type.substring(EventTypes.INBOUND_PREFIX.length());

        ObjectNode data = Payloads.object().put("messageId", messageId);
        customer.addTo(data, "from");
        putIfPresent(data, "contactName", customer.name());
        addGroup(data, message, customer);
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

    /**
     * A message in a group chat names the group ({@code group_id}); its sender is then a participant, named by
     * phone, else by BSUID.
     */
    static void addGroup(ObjectNode data, JsonNode message, MetaCustomer participant) {
        String groupId = text(message, "group_id");
        if (groupId != null) {
            data.put("groupId", groupId);
            putIfPresent(data, "participant", participant.key());
        }
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
            case "unsupported" -> unsupported(data, optionalObject(message, "unsupported"));
            // the customer deleted (revoke) or edited (edit) an earlier message; Meta's objects kept as sent
            case "revoke", "edit" -> {
                putIfPresent(data, kind, optionalObject(message, kind));
                putIfPresent(data, "contextMessageId", text(optionalObject(message, kind), "original_message_id"));
            }
            case "template" -> putIfPresent(data, "template", optionalObject(message, "template"));
            default -> {
                // every other kind is handled above; a media_placeholder and a request_welcome (the customer
                // opened the chat for the first time) have no content
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
        putIfPresent(out, "id", firstText(reply, "id", "name", "payment_credential_id"));
        putIfPresent(out, "title", text(reply, "title") != null ? text(reply, "title") : text(reply, "body"));
        putIfPresent(out, "description", text(reply, "description"));
        putIfPresent(out, "responseJson", text(reply, "response_json"));
        // call_permission_reply: accept or reject, and until when the business may call
        putIfPresent(out, "response", text(reply, "response"));
        putIfPresent(out, "expiresAt", Payloads.isoText(Payloads.instant(reply, "expiration_timestamp")));
        data.set("interactive", out);
        putIfPresent(data, "text", text(out, "title"));
    }

    /** Meta's object as sent, and its subtype (what kind of message WhatsApp could not deliver) on its own. */
    private static void unsupported(ObjectNode data, JsonNode unsupported) {
        putIfPresent(data, "unsupported", unsupported);
        putIfPresent(data, "unsupportedType", text(unsupported, "type"));
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
        putIfPresent(out, "waId", firstText(system, "wa_id", "new_wa_id"));
        // user_changed_user_id and customer_identity_changed name the customer's BSUID
        putIfPresent(out, "userId", firstText(system, "user_id", "new_user_id"));
        data.set("system", out);
        putIfPresent(data, "text", text(system, "body"));
    }
}

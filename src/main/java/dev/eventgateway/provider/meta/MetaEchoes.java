package dev.eventgateway.provider.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventgateway.event.EventIds;
import dev.eventgateway.event.EventTypes;
import dev.eventgateway.event.WebhookEvent;
import dev.eventgateway.provider.InvalidPayloadException;
import dev.eventgateway.provider.Payloads;

import java.util.Set;

import static dev.eventgateway.provider.Payloads.optionalObject;
import static dev.eventgateway.provider.Payloads.putIfPresent;
import static dev.eventgateway.provider.Payloads.requiredText;
import static dev.eventgateway.provider.Payloads.text;

/**
 * Messages the business sent from the WhatsApp Business app or a linked device under coexistence: each
 * {@code value.message_echoes[]} element of the {@code smb_message_echoes} (and {@code message_echoes}) field becomes
 * a {@code message.outbound.echo.<kind>} event with data {@code messageId, from?, to, messageType, <content>,
 * contextMessageId?, errors?}, the content shaped as an inbound message's (DESIGN §4).
 */
final class MetaEchoes {

    static final Set<String> FIELDS = Set.of("smb_message_echoes", "message_echoes");
    static final String ARRAY = "message_echoes";

    private MetaEchoes() {
    }

    static boolean handles(String field) {
        return FIELDS.contains(field);
    }

    /**
     * @throws InvalidPayloadException when the echo is not an object, has no {@code id}, or names the customer
     *                                 neither by phone ({@code to}) nor by BSUID ({@code to_user_id})
     */
    static WebhookEvent toEvent(MetaChange change, JsonNode echo) {
        if (!echo.isObject()) {
            throw new InvalidPayloadException("a Meta message echo is a JSON object");
        }
        String messageId = requiredText(echo, "id", "message_echo");
        MetaCustomer customer = MetaCustomer.of(change.value(), text(echo, "to"), text(echo, "to_user_id"),
                text(echo, "to_parent_user_id"));
        if (!customer.known() && text(echo, "group_id") == null) {
            throw new InvalidPayloadException("missing message_echo.to, to_user_id and group_id");
        }
        String messageType = text(echo, "type");
        String type = EventTypes.echoOrUnsupported(messageType);
        String kind = type.substring(EventTypes.ECHO_PREFIX.length());

        ObjectNode data = Payloads.object().put("messageId", messageId);
        putIfPresent(data, "from", text(echo, "from"));
        customer.addTo(data, "to");
        MetaInboundMessages.addGroup(data, echo, customer);
        data.put("messageType", messageType != null ? messageType : kind);
        MetaInboundMessages.addContent(data, kind, echo);
        putIfPresent(data, "contextMessageId", text(optionalObject(echo, "context"), "id"));
        putIfPresent(data, "errors", MetaErrors.all(echo));

        String senderId = change.phoneNumberId();
        return change.event(EventIds.of(type, senderId, messageId), type, senderId,
                change.occurredAt(echo, "timestamp"), data, echo);
    }
}
